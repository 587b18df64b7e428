package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Mode;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.sampling.Sampler;
import dev.meshtrace.testing.DecisionMatrix;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sampling decision reaches the next hop in every configured format, in both modes, whatever format it came in:
 * {@link DecisionMatrix} through extraction, the server span, a client span and injection.
 */
class DecisionMatrixTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();

  static Stream<DecisionMatrix.Case> cases() {
    return DecisionMatrix.INJECT.stream().flatMap(inject -> Stream.of(false, true)
        .flatMap(forward -> DecisionMatrix.cases(inject, forward).stream()));
  }

  /** A tracing configured as the case says; in record mode its sampler never samples. */
  static Tracing tracing(List<String> inject, boolean forward, InMemorySpanCollector spans) {
    return Tracing.newBuilder().mode(forward ? Mode.FORWARD : Mode.RECORD).sampler(Sampler.NEVER)
        .propagation(Propagation.newBuilder().inject(inject.stream().map(Format::fromConfigName).toList()).build())
        .addSpanHandler(spans).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outboundCarriesTheDecisionInEveryConfiguredFormat(DecisionMatrix.Case c) {
    HeaderFields inbound = new HeaderFields();
    c.inbound().forEach(inbound::add);

    HeaderFields outbound = Hop.outbound(tracing(c.inject(), c.forward(), spans), inbound);

    c.check(outbound.toMap());
    assertThat(spans.spans()).as("server and client span recorded").hasSize(c.recorded() ? 2 : 0);
  }

  @Test
  void theMatrixCoversEveryFormatDecisionAndMode() {
    assertThat(cases()).hasSize(DecisionMatrix.INJECT.size() * 2 * 10);
  }

  @Test
  void unsampledW3cInGetsTheDenyAndIdsInB3AsEnvoySendsThem() {
    String traceparent = "00-" + DecisionMatrix.TRACE_ID + "-" + DecisionMatrix.SPAN_ID + "-00";
    for (boolean forward : List.of(false, true)) {
      HeaderFields outbound = Hop.outbound(tracing(List.of("b3multi", "w3c"), forward, spans),
          HeaderFields.of("traceparent", traceparent, "x-request-id", "rid"));

      assertThat(outbound.toMap()).containsOnly(java.util.Map.entry("traceparent", traceparent),
          java.util.Map.entry("x-request-id", "rid"), java.util.Map.entry("x-b3-traceid", DecisionMatrix.TRACE_ID),
          java.util.Map.entry("x-b3-spanid", DecisionMatrix.SPAN_ID), java.util.Map.entry("x-b3-sampled", "0"));
    }
  }

  @Test
  void idsWithoutADecisionInForwardModeGetNoTraceparent() {
    HeaderFields outbound = Hop.outbound(tracing(List.of("b3multi", "w3c"), true, spans),
        HeaderFields.of("b3", DecisionMatrix.TRACE_ID + "-" + DecisionMatrix.SPAN_ID, "x-request-id", "rid"));

    assertThat(outbound.toMap()).as("flags 00 would turn 'not decided' into 'not sampled'")
        .doesNotContainKey("traceparent").containsEntry("x-b3-traceid", DecisionMatrix.TRACE_ID)
        .doesNotContainKeys("x-b3-sampled", "x-b3-flags");
  }

  @Test
  void aLocalDenyForIdsWithoutADecisionIsAddedToTheReceivedB3Group() {
    HeaderFields inbound = HeaderFields.of("X-B3-TraceId", DecisionMatrix.TRACE_ID, "X-B3-SpanId",
        DecisionMatrix.SPAN_ID, "x-request-id", "rid");

    HeaderFields outbound = Hop.outbound(tracing(List.of("b3multi"), false, spans), inbound);

    assertThat(outbound.toMap()).containsEntry("x-b3-traceid", DecisionMatrix.TRACE_ID)
        .containsEntry("x-b3-spanid", DecisionMatrix.SPAN_ID).containsEntry("x-b3-sampled", "0").hasSize(4);
  }
}
