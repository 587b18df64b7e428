package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The {@code X-B3-*} group, rule by rule (B3 spec plus the mesh rules of issue 2). */
class B3MultiFormatTest {
  static final String TRACE_ID_128 = "463ac35c9f6413ad48485a3953bb6124";
  static final String TRACE_ID_64 = "48485a3953bb6124";
  static final String SPAN_ID = "a2fb4a1d1a96d312";
  static final String PARENT_ID = "0020000000000001";

  final Propagation propagation = Propagation.defaults();
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().serviceName("svc").addSpanHandler(spans).build();

  TraceContext extract(String... namesAndValues) {
    return propagation.extract(HeaderFields.of(namesAndValues), HeaderFields.GETTER);
  }

  @Test
  void reads128BitTraceIdSpanIdParentAndDecision() {
    TraceContext context = extract("X-B3-TraceId", TRACE_ID_128, "X-B3-SpanId", SPAN_ID,
        "X-B3-ParentSpanId", PARENT_ID, "X-B3-Sampled", "1");

    assertThat(context.traceIdHigh()).isEqualTo(0x463ac35c9f6413adL);
    assertThat(context.traceId()).isEqualTo(0x48485a3953bb6124L);
    assertThat(context.spanId()).isEqualTo(0xa2fb4a1d1a96d312L);
    assertThat(context.parentId()).isEqualTo(0x0020000000000001L);
    assertThat(context.sampled()).isTrue();
    assertThat(context.debug()).isFalse();
    assertThat(context.isRemote()).isTrue();
    assertThat(context.traceIdString()).isEqualTo(TRACE_ID_128);
  }

  @Test
  void reads64BitTraceIdAndKeepsItsWidth() {
    TraceContext context = extract("X-B3-TraceId", TRACE_ID_64, "X-B3-SpanId", SPAN_ID);

    assertThat(context.traceIdHigh()).isZero();
    assertThat(context.traceId()).isEqualTo(0x48485a3953bb6124L);
    assertThat(context.wideTraceId()).isFalse();
    assertThat(context.traceIdString()).isEqualTo(TRACE_ID_64);
    assertThat(context.sampled()).as("no X-B3-Sampled: the receiver decides").isNull();
  }

  @Test
  void a128BitTraceIdWhoseUpperHalfIsZeroStays32Wide() {
    TraceContext context = extract("X-B3-TraceId", "0000000000000000" + TRACE_ID_64, "X-B3-SpanId", SPAN_ID);

    assertThat(context.traceIdHigh()).isZero();
    assertThat(context.traceIdString()).isEqualTo("0000000000000000" + TRACE_ID_64);
  }

  @Test
  void a128BitTraceIdWhoseLowerHalfIsZeroIsValid() {
    TraceContext context = extract("X-B3-TraceId", "463ac35c9f6413ad0000000000000000", "X-B3-SpanId", SPAN_ID,
        "X-B3-Sampled", "1");

    assertThat(context.hasIds()).isTrue();
    assertThat(context.traceIdString()).isEqualTo("463ac35c9f6413ad0000000000000000");
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("X-B3-TraceId", "463ac35c9f6413ad0000000000000000",
        "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1"));
    assertThat(outbound.get("x-b3-traceid")).isEqualTo("463ac35c9f6413ad0000000000000000");
  }

  @Test
  void acceptsUpperCaseHexAndWritesLowerCase() {
    HeaderFields inbound = HeaderFields.of("X-B3-TraceId", TRACE_ID_128.toUpperCase(), "X-B3-SpanId",
        SPAN_ID.toUpperCase(), "X-B3-ParentSpanId", "ABCDEF0000000001", "X-B3-Sampled", "1");
    TraceContext context = propagation.extract(inbound, HeaderFields.GETTER);

    assertThat(context.traceIdString()).isEqualTo(TRACE_ID_128);
    assertThat(context.spanIdString()).isEqualTo(SPAN_ID);
    assertThat(context.parentIdString()).isEqualTo("abcdef0000000001");

    HeaderFields outbound = Hop.outbound(tracing, inbound);
    assertThat(outbound.get("x-b3-traceid")).isEqualTo(TRACE_ID_128);
    MutableSpan server = spans.onlySpan(SpanKind.SERVER);
    assertThat(server.parentIdString()).isEqualTo(SPAN_ID);
  }

  @ParameterizedTest(name = "X-B3-Sampled: {0} -> {1}")
  @CsvSource({"1, true", "0, false", "true, true", "false, false", "TRUE, true", "False, false"})
  void readsTheDecisionIncludingLegacyBooleans(String value, boolean sampled) {
    TraceContext context = extract("X-B3-TraceId", TRACE_ID_128, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", value);

    assertThat(context.sampled()).isEqualTo(sampled);
  }

  @Test
  void legacyBooleanIsWrittenAsDigit() {
    HeaderFields outbound = Hop.outbound(tracing,
        HeaderFields.of("X-B3-TraceId", TRACE_ID_128, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "true"));

    assertThat(outbound.get("x-b3-sampled")).isEqualTo("1");
  }

  @Test
  void debugFlagImpliesSampledEvenAgainstADenyDecision() {
    TraceContext context = extract("X-B3-TraceId", TRACE_ID_128, "X-B3-SpanId", SPAN_ID, "X-B3-Flags", "1",
        "X-B3-Sampled", "0");

    assertThat(context.debug()).isTrue();
    assertThat(context.sampled()).isTrue();
  }

  @Test
  void flagsZeroIsNotDebug() {
    TraceContext context = extract("X-B3-TraceId", TRACE_ID_128, "X-B3-SpanId", SPAN_ID, "X-B3-Flags", "0");

    assertThat(context.debug()).isFalse();
    assertThat(context.sampled()).isNull();
  }

  @ParameterizedTest(name = "X-B3-Flags: \"{0}\"")
  @ValueSource(strings = {"2", "01", "true", "", "d"})
  void anUndefinedFlagsValueIsIgnoredAndNeverForwarded(String flags) {
    HeaderFields inbound = HeaderFields.of("X-B3-TraceId", TRACE_ID_128, "X-B3-SpanId", SPAN_ID,
        "X-B3-Sampled", "1", "X-B3-Flags", flags);

    TraceContext context = propagation.extract(inbound, HeaderFields.GETTER);
    assertThat(context.traceIdString()).isEqualTo(TRACE_ID_128);
    assertThat(context.debug()).isFalse();
    HeaderFields forwarded = Hop.outbound(Tracing.newBuilder().mode(dev.meshtrace.Mode.FORWARD).build(), inbound);
    assertThat(forwarded.toMap()).containsEntry("x-b3-traceid", TRACE_ID_128).containsEntry("x-b3-sampled", "1")
        .doesNotContainKey("x-b3-flags");
  }

  @Test
  void debugIsPropagatedWithSampledForEnvoyWhichNeverReadsFlags() {
    HeaderFields outbound = Hop.outbound(tracing,
        HeaderFields.of("X-B3-TraceId", TRACE_ID_128, "X-B3-SpanId", SPAN_ID, "X-B3-Flags", "1"));

    assertThat(outbound.get("x-b3-flags")).isEqualTo("1");
    assertThat(outbound.get("x-b3-sampled")).isEqualTo("1");
    assertThat(spans.spans()).hasSize(2).allSatisfy(span -> assertThat(span.debug()).isTrue());
  }

  @ParameterizedTest(name = "X-B3-Sampled: {0} alone")
  @CsvSource({"1, true", "0, false"})
  void samplingOnlyHeaderCarriesADecisionWithoutIds(String value, boolean sampled) {
    TraceContext context = extract("X-B3-Sampled", value);

    assertThat(context.hasIds()).isFalse();
    assertThat(context.sampled()).isEqualTo(sampled);
  }

  @Test
  void debugFlagAloneForcesANewTrace() {
    TraceContext context = extract("X-B3-Flags", "1");

    assertThat(context.hasIds()).isFalse();
    assertThat(context.debug()).isTrue();
    assertThat(context.sampled()).isTrue();
  }

  @Test
  void samplingOnlyAcceptStartsARecordedTraceWrittenWithIds() {
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("X-B3-Sampled", "1"));

    MutableSpan server = spans.onlySpan(SpanKind.SERVER);
    assertThat(server.parentId()).isZero();
    assertThat(outbound.get("x-b3-traceid")).isEqualTo(server.traceIdString());
    assertThat(outbound.get("x-b3-parentspanid")).isEqualTo(server.spanIdString());
    assertThat(outbound.get("x-b3-sampled")).isEqualTo("1");
  }

  @ParameterizedTest(name = "malformed: {0}")
  @ValueSource(strings = {
      // trace ID of the wrong width, non-hex, or zero
      "X-B3-TraceId=463ac35c9f6413ad48485a3953bb612|X-B3-SpanId=a2fb4a1d1a96d312",
      "X-B3-TraceId=463ac35c9f6413ad48485a3953bb61244|X-B3-SpanId=a2fb4a1d1a96d312",
      "X-B3-TraceId=48485a3953bb612|X-B3-SpanId=a2fb4a1d1a96d312",
      "X-B3-TraceId=48485a3953bb61244|X-B3-SpanId=a2fb4a1d1a96d312",
      "X-B3-TraceId=48485a3953bb612g|X-B3-SpanId=a2fb4a1d1a96d312",
      "X-B3-TraceId=0000000000000000|X-B3-SpanId=a2fb4a1d1a96d312",
      "X-B3-TraceId=00000000000000000000000000000000|X-B3-SpanId=a2fb4a1d1a96d312",
      "X-B3-TraceId= 48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d312",
      "X-B3-TraceId=|X-B3-SpanId=a2fb4a1d1a96d312",
      // span ID missing, of the wrong width, non-hex or zero
      "X-B3-TraceId=48485a3953bb6124",
      "X-B3-TraceId=48485a3953bb6124|X-B3-Sampled=1",
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d31",
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d3122",
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d31x",
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=0000000000000000",
      // IDs without a trace ID
      "X-B3-SpanId=a2fb4a1d1a96d312",
      "X-B3-SpanId=a2fb4a1d1a96d312|X-B3-Sampled=1",
      "X-B3-ParentSpanId=0020000000000001|X-B3-Sampled=1",
      // malformed parent
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d312|X-B3-ParentSpanId=002000000000001",
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d312|X-B3-ParentSpanId=0000000000000000",
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d312|X-B3-ParentSpanId=-020000000000001",
      // malformed decision
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d312|X-B3-Sampled=2",
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d312|X-B3-Sampled=yes",
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d312|X-B3-Sampled=",
      "X-B3-TraceId=48485a3953bb6124|X-B3-SpanId=a2fb4a1d1a96d312|X-B3-Sampled=d",
      "X-B3-Sampled=2",
      "X-B3-Sampled=",
  })
  void aMalformedGroupGivesNoContextAndIsDroppedWholeInBothModes(String group) {
    HeaderFields inbound = new HeaderFields();
    for (String field : group.split("\\|")) {
      String[] nameValue = field.split("=", -1);
      inbound.add(nameValue[0], nameValue[1]);
    }
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    inbound.add("traceparent", traceparent).add("x-request-id", "a-request");

    TraceContext context = propagation.extract(inbound, HeaderFields.GETTER);
    assertThat(context.traceIdString()).as("the next valid format is the context")
        .isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(context.meshHeaders().toString()).doesNotContainIgnoringCase("x-b3");

    for (dev.meshtrace.Mode mode : dev.meshtrace.Mode.values()) {
      Tracing tracing = Tracing.newBuilder().mode(mode).build();
      HeaderFields outbound = Hop.outbound(tracing, inbound);
      assertThat(outbound.get("x-b3-traceid")).as(mode.name()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      if (mode == dev.meshtrace.Mode.FORWARD) {
        // not the malformed group: one carrying traceparent's IDs and decision, as for a request without X-B3-*
        assertThat(outbound.toMap()).as(mode.name()).containsOnlyKeys("traceparent", "x-request-id",
                "x-b3-traceid", "x-b3-spanid", "x-b3-sampled")
            .containsEntry("traceparent", traceparent).containsEntry("x-b3-spanid", "b7ad6b7169203331")
            .containsEntry("x-b3-sampled", "1");
      }
      assertThat(outbound.get("x-request-id")).isEqualTo("a-request");
    }
  }

  @Test
  void aMalformedGroupAloneStartsANewTrace() {
    HeaderFields outbound = Hop.outbound(tracing,
        HeaderFields.of("X-B3-TraceId", "not-a-trace-id", "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1"));

    MutableSpan server = spans.onlySpan(SpanKind.SERVER);
    assertThat(server.parentId()).isZero();
    assertThat(outbound.get("x-b3-traceid")).isEqualTo(server.traceIdString()).isNotEqualTo("not-a-trace-id");
  }

  @Test
  void writesLowerCaseNamesAndOmitsParentForARootSpan() {
    HeaderFields outbound = new HeaderFields();
    TraceContext root = tracing.tracer().newTrace().context();
    propagation.inject(root, outbound, HeaderFields.SETTER);

    assertThat(outbound.toMap()).containsOnlyKeys("x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "traceparent");
    assertThat(outbound.get("x-b3-traceid")).hasSize(32).isEqualTo(root.traceIdString());
    assertThat(outbound.get("x-b3-spanid")).isEqualTo(root.spanIdString());
  }
}
