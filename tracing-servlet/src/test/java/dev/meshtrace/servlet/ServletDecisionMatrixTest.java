package dev.meshtrace.servlet;

import dev.meshtrace.Mode;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import dev.meshtrace.testing.DecisionMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DecisionMatrix} through {@link TracingFilter} on a real container: each inbound request's decision reaches
 * the downstream call, made while handling it, in every configured format. A subclass names the container.
 */
abstract class ServletDecisionMatrixTest extends ServletFixture {
  static Stream<Arguments> configurations() {
    return DecisionMatrix.INJECT.stream().flatMap(inject -> Stream.of(Arguments.of(inject, false),
        Arguments.of(inject, true)));
  }

  @ParameterizedTest(name = "inject {0}, forward {1}")
  @MethodSource("configurations")
  void downstreamCallCarriesTheDecisionInEveryConfiguredFormat(List<String> inject, boolean forward)
      throws Exception {
    deploy(tracing -> tracing.mode(forward ? Mode.FORWARD : Mode.RECORD).sampler(Sampler.NEVER)
            .propagation(Propagation.newBuilder().inject(inject.stream().map(Format::fromConfigName).toList()).build()),
        http -> http, filter -> filter);
    DecisionMatrix.checkAll(DecisionMatrix.cases(inject, forward), c -> {
      List<String> headers = new ArrayList<>();
      c.inbound().forEach((name, value) -> {
        headers.add(name);
        headers.add(value);
      });
      get("/downstream", headers.toArray(new String[0]));
      return asMap(downstreamHeaders());
    });
  }

  static Map<String, String> asMap(Headers headers) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String name : headers.names()) result.put(name, String.join(",", headers.values(name)));
    return result;
  }
}
