package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.HeaderFields;
import dev.meshtrace.propagation.Hop;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code record} versus {@code forward}, and unsampled requests in {@code record} mode. */
class ModesTest {
  static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";

  final InMemorySpanCollector spans = new InMemorySpanCollector();

  static List<HeaderFields> inbounds() {
    return List.of(
        new HeaderFields(),
        HeaderFields.of("x-request-id", "rid", "baggage", "k=v"),
        HeaderFields.of("X-B3-TraceId", TRACE, "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-ParentSpanId",
            "0020000000000001", "X-B3-Sampled", "1", "x-request-id", "rid"),
        HeaderFields.of("X-B3-TraceId", "48485a3953bb6124", "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-Flags", "1"),
        HeaderFields.of("X-B3-TraceId", TRACE, "X-B3-SpanId", "a2fb4a1d1a96d312"),
        HeaderFields.of("X-B3-TraceId", TRACE, "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-Sampled", "0"),
        HeaderFields.of("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90"),
        HeaderFields.of("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-0"),
        HeaderFields.of("b3", "0"),
        HeaderFields.of("b3", "1"),
        HeaderFields.of("X-B3-Sampled", "0"),
        HeaderFields.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "tracestate", "congo=t61rcWkgMzE"),
        HeaderFields.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"),
        HeaderFields.of("X-B3-TraceId", TRACE, "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-Sampled", "1",
            "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
  }

  @ParameterizedTest
  @MethodSource("inbounds")
  void forwardModeRecordsNothingForwardsEveryHeaderByteIdenticalAndAddsOnlyMissingFormats(HeaderFields inbound) {
    Tracing tracing = Tracing.newBuilder().mode(Mode.FORWARD).addSpanHandler(spans).build();

    HeaderFields outbound = Hop.outbound(tracing, inbound);
    assertThat(spans.spans()).isEmpty();
    assertThat(outbound.toMap()).containsAllEntriesOf(inbound.toMap());
    Hop.checkForwardedAsIs(inbound, outbound, outbound::toString);
  }

  @ParameterizedTest
  @MethodSource("inbounds")
  void forwardModeIsAllNoopSpansWithoutNewIds(HeaderFields inbound) {
    Tracing tracing = Tracing.newBuilder().mode(Mode.FORWARD).build();
    TraceContext extracted = tracing.propagation().extract(inbound, HeaderFields.GETTER);

    Span server = tracing.tracer().serverSpan(extracted, Sampler.ALWAYS);
    Span child = tracing.tracer().nextSpan(server.context());
    Span root = tracing.tracer().newTrace();
    for (Span span : List.of(server, child)) {
      assertThat(span.isNoop()).isTrue();
      assertThat(span.context().traceId()).isEqualTo(extracted.traceId());
      assertThat(span.context().spanId()).isEqualTo(extracted.spanId());
    }
    assertThat(root.isNoop()).isTrue();
    assertThat(root.context().hasIds()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("inbounds")
  void unsampledInRecordModeForwardsEveryHeaderAndTheDenyInEveryConfiguredFormat(HeaderFields inbound) {
    Tracing record = Tracing.newBuilder().sampler(Sampler.NEVER).addSpanHandler(spans).build();
    TraceContext extracted = record.propagation().extract(inbound, HeaderFields.GETTER);
    if (Boolean.TRUE.equals(extracted.sampled())) return; // an upstream accept is always respected

    HeaderFields outbound = Hop.outbound(record, inbound);
    assertThat(spans.spans()).isEmpty();
    assertThat(outbound.toMap()).containsAllEntriesOf(inbound.toMap());
    for (Format format : record.propagation().injectFormats()) {
      TraceContext read = Propagation.newBuilder().extract(List.of(format)).build()
          .extract(outbound, HeaderFields.GETTER);
      if (format == Format.W3C && !extracted.hasIds()) {
        assertThat(read.hasIds()).as("traceparent needs IDs: none to send").isFalse();
      } else {
        assertThat(read.sampled()).as("%s in %s", format, outbound).isFalse();
        assertThat(List.of(read.traceIdHigh(), read.traceId(), read.spanId())).as("%s in %s", format, outbound)
            .isEqualTo(List.of(extracted.traceIdHigh(), extracted.traceId(), extracted.spanId()));
      }
    }
  }

  @Test
  void newUnsampledTraceSendsADecisionOnlyDenyInEachConfiguredB3Format() {
    Tracing tracing = Tracing.newBuilder().sampler(Sampler.NEVER).propagation(Propagation.newBuilder()
        .inject(List.of(dev.meshtrace.propagation.Format.B3, dev.meshtrace.propagation.Format.B3_MULTI,
            dev.meshtrace.propagation.Format.W3C)).build()).build();

    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("x-request-id", "rid"));
    assertThat(outbound.toMap()).containsOnlyKeys("x-request-id", "x-b3-sampled", "b3")
        .containsEntry("x-b3-sampled", "0").containsEntry("b3", "0");
  }

  @Test
  void forwardModeNeverAddsADecisionEvenForARequestDecidedLocally() {
    Tracing tracing = Tracing.newBuilder().mode(Mode.FORWARD).build();
    TraceContext skipped = tracing.propagation().extract(HeaderFields.of("x-request-id", "rid"), HeaderFields.GETTER)
        .withSampled(false);

    Span client = tracing.tracer().nextSpan(tracing.tracer().toSpan(skipped).context());
    HeaderFields outbound = new HeaderFields();
    tracing.propagation().inject(client.context(), outbound, HeaderFields.SETTER);
    assertThat(outbound.toMap()).containsOnlyKeys("x-request-id");
  }

  @Test
  void recordModeGivesEveryOutboundRequestAReportedSpanId() {
    Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();
    HeaderFields inbound = HeaderFields.of("X-B3-TraceId", TRACE, "X-B3-SpanId", "a2fb4a1d1a96d312",
        "X-B3-Sampled", "1");

    HeaderFields outbound = Hop.outbound(tracing, inbound);
    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    MutableSpan server = spans.onlySpan(SpanKind.SERVER);
    assertThat(outbound.get("x-b3-spanid")).isEqualTo(client.spanIdString()).isNotEqualTo("a2fb4a1d1a96d312");
    assertThat(outbound.get("x-b3-parentspanid")).isEqualTo(server.spanIdString());
    assertThat(server.parentIdString()).isEqualTo("a2fb4a1d1a96d312");
    assertThat(client.traceIdString()).isEqualTo(server.traceIdString()).isEqualTo(TRACE);
  }

  @Test
  void upstreamAcceptIsRespectedWhatever() {
    Tracing tracing = Tracing.newBuilder().sampler(Sampler.NEVER).addSpanHandler(spans).build();

    Hop.outbound(tracing, HeaderFields.of("X-B3-Sampled", "1"));
    Hop.outbound(tracing, HeaderFields.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    assertThat(spans.spans()).hasSize(4);
  }

  @Test
  void upstreamDenyIsRespected() {
    Tracing tracing = Tracing.newBuilder().sampler(Sampler.ALWAYS).addSpanHandler(spans).build();

    Hop.outbound(tracing, HeaderFields.of("b3", "0"));
    Hop.outbound(tracing, HeaderFields.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"));
    assertThat(spans.spans()).isEmpty();
  }
}
