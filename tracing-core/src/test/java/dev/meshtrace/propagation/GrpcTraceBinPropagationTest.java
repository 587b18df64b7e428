package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MeshHeaders;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.sampling.Sampler;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code grpc-trace-bin} as a mesh header forwarded as is (the default) and as a propagation format. */
class GrpcTraceBinPropagationTest {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String EXAMPLE = Base64.getEncoder().withoutPadding()
      .encodeToString(GrpcTraceBinCodecPropertyTest.EXAMPLE);
  static final String B3 = "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1";

  final InMemorySpanCollector spans = new InMemorySpanCollector();

  Tracing tracing(Propagation propagation, Sampler sampler) {
    return Tracing.newBuilder().propagation(propagation).sampler(sampler).addSpanHandler(spans).build();
  }

  static Propagation readingGrpcTraceBin() {
    return Propagation.newBuilder().extract(List.of(Format.B3, Format.B3_MULTI, Format.W3C, Format.GRPC_TRACE_BIN))
        .build();
  }

  @Test
  void byDefaultItIsForwardedByteForByteEvenFromARecordedSpan() {
    Tracing tracing = tracing(Propagation.defaults(), Sampler.ALWAYS);
    String padded = EXAMPLE + "=";
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("b3", B3, "grpc-trace-bin", padded));

    assertThat(outbound.toMap()).containsEntry("grpc-trace-bin", padded)
        .containsEntry("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7");
    assertThat(Propagation.defaults().forwardHeaders()).contains("grpc-trace-bin");
  }

  @Test
  void readAsAFormatItIsTheContextAndIsReEncodedForTheNextHop() {
    Tracing tracing = tracing(readingGrpcTraceBin(), Sampler.NEVER);
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("grpc-trace-bin", EXAMPLE));

    MutableSpan client = spans.spanNamed("outbound");
    assertThat(client.traceIdString()).as("the sampled flag was honoured over the sampler").isEqualTo(TRACE_ID);
    assertThat(spans.spanNamed("inbound").parentIdString()).isEqualTo("00f067aa0ba902b7");
    ParsedContext sent = new ParsedContext();
    assertThat(GrpcTraceBinCodec.parse(outbound.toMap().get("grpc-trace-bin"), sent)).isTrue();
    assertThat(sent.spanId).isEqualTo(client.spanId());
    assertThat(sent.sampled).isTrue();
    assertThat(outbound.toMap()).containsEntry("traceparent", "00-" + TRACE_ID + "-" + client.spanIdString() + "-01");
    assertThat(outbound.setCalls()).doesNotHaveDuplicates();
    assertThat(readingGrpcTraceBin().forwardHeaders()).doesNotContain("grpc-trace-bin");
  }

  @Test
  void anOutboundFormatAloneIsWrittenForRecordedSpans() {
    Propagation propagation = Propagation.newBuilder().inject(List.of(Format.GRPC_TRACE_BIN)).build();
    HeaderFields outbound = Hop.outbound(tracing(propagation, Sampler.ALWAYS), HeaderFields.of("b3", B3));

    ParsedContext sent = new ParsedContext();
    assertThat(GrpcTraceBinCodec.parse(outbound.toMap().get("grpc-trace-bin"), sent)).isTrue();
    assertThat(sent.spanId).isEqualTo(spans.spanNamed("outbound").spanId());
    assertThat(Long.toHexString(sent.traceId)).isEqualTo("64fe8b2a57d3eff7");
  }

  @Test
  void unsampledHopsForwardItAsReceived() {
    String unsampled = Base64.getEncoder().encodeToString(GrpcTraceBinCodecPropertyTest.with(28, (byte) 0));
    HeaderFields outbound = Hop.outbound(tracing(readingGrpcTraceBin(), Sampler.ALWAYS),
        HeaderFields.of("grpc-trace-bin", unsampled));

    assertThat(spans.spans()).isEmpty();
    assertThat(outbound.toMap()).containsEntry("grpc-trace-bin", unsampled)
        .containsEntry("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-00");
  }

  @Test
  void anUnsampledDecisionIsWrittenInItToo() {
    Propagation propagation = Propagation.newBuilder().inject(List.of(Format.B3_MULTI, Format.GRPC_TRACE_BIN)).build();
    HeaderFields outbound = Hop.outbound(tracing(propagation, Sampler.ALWAYS),
        HeaderFields.of("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-0"));

    ParsedContext sent = new ParsedContext();
    assertThat(GrpcTraceBinCodec.parse(outbound.toMap().get("grpc-trace-bin"), sent)).isTrue();
    assertThat(sent.sampled).isFalse();
    assertThat(Long.toHexString(sent.spanId)).isEqualTo("e457b5a2e4d86bd1");
  }

  @Test
  void aMalformedValueIsDroppedSilentlyAndAnotherFormatStillCounts() {
    Propagation propagation = readingGrpcTraceBin();
    String truncated = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(GrpcTraceBinCodecPropertyTest.EXAMPLE, 20));
    for (String bad : List.of("%%%", truncated, "")) {
      TraceContext extracted = propagation.extract(HeaderFields.of("grpc-trace-bin", bad, "b3", B3), HeaderFields.GETTER);
      assertThat(extracted.traceIdString()).isEqualTo("80f198ee56343ba864fe8b2a57d3eff7");
      assertThat(extracted.meshHeaders().get("grpc-trace-bin")).as(bad).isNull();
    }
  }

  @Test
  void configNameAndHeaderName() {
    assertThat(Format.fromConfigName(" GRPC-trace-bin ")).isEqualTo(Format.GRPC_TRACE_BIN);
    assertThat(Format.ofHeader("grpc-trace-bin")).isEqualTo(Format.GRPC_TRACE_BIN);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Format.fromConfigName("opencensus"))
        .hasMessageContaining("grpc-trace-bin");
  }

  @Test
  void builtHeadersHoldItAsAMeshHeaderUnlessItsFormatArrived() {
    MeshHeaders mesh = MeshHeaders.builder().add("x-request-id", "r").add("grpc-trace-bin", EXAMPLE).build();
    assertThat(mesh.traceFields()).isZero();
    assertThat(mesh.without("x-request-id").traceFields()).isZero();
    MeshHeaders trace = MeshHeaders.builder().add("x-request-id", "r").add("grpc-trace-bin", EXAMPLE)
        .formatsReceived(Format.GRPC_TRACE_BIN.bit()).build();
    assertThat(trace.traceFields()).isOne();
    assertThat(trace.formatBit(0)).isEqualTo(Format.GRPC_TRACE_BIN.bit());
    assertThat(trace.withRequestId("s").traceFields()).isOne();
  }
}
