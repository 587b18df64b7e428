package dev.meshtrace.okhttp;

import dev.meshtrace.Mode;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.MapCarrier;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import dev.meshtrace.testing.DecisionMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.Headers;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DecisionMatrix} through a traced OkHttp client over loopback: a call made under each inbound request's
 * server span carries the decision in every configured format.
 */
class OkHttpDecisionMatrixTest extends OkHttpTracingFixture {
  static Stream<Arguments> configurations() {
    return DecisionMatrix.INJECT.stream().flatMap(inject -> Stream.of(Arguments.of(inject, false),
        Arguments.of(inject, true)));
  }

  @ParameterizedTest(name = "inject {0}, forward {1}")
  @MethodSource("configurations")
  void callCarriesTheDecisionInEveryConfiguredFormat(List<String> inject, boolean forward) throws Exception {
    useTracing(Tracing.newBuilder().serviceName("productpage").mode(forward ? Mode.FORWARD : Mode.RECORD)
        .sampler(Sampler.NEVER).addSpanHandler(spans)
        .propagation(Propagation.newBuilder().inject(inject.stream().map(Format::fromConfigName).toList()).build())
        .build());
    DecisionMatrix.checkAll(DecisionMatrix.cases(inject, forward), c -> {
      server.enqueue(new MockResponse().setResponseCode(200));
      TraceContext extracted = tracing.propagation().extract(c.inbound(), MapCarrier.GETTER);
      Span serverSpan = tracing.tracer().serverSpan(extracted, tracing.sampler()).name("GET /productpage").start();
      try (Scope scope = tracing.tracer().withSpanInScope(serverSpan)) {
        execute(get("/reviews"));
      } finally {
        serverSpan.finish();
      }
      return asMap(takeRequest().getHeaders());
    });
  }

  static Map<String, String> asMap(Headers headers) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String name : headers.names()) result.put(name, String.join(",", headers.values(name)));
    return result;
  }
}
