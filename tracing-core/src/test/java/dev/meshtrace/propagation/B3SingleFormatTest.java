package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The single {@code b3} header: {@code {traceid}-{spanid}[-{sampling}[-{parentspanid}]]} and {@code 0|1|d}. */
class B3SingleFormatTest {
  static final String TRACE = "80f198ee56343ba864fe8b2a57d3eff7";
  static final String SPAN = "e457b5a2e4d86bd1";
  static final String PARENT = "05e3ac9a4f6e3b90";

  final Propagation propagation = Propagation.defaults();
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();

  TraceContext extract(String b3) {
    return propagation.extract(HeaderFields.of("b3", b3), HeaderFields.GETTER);
  }

  @ParameterizedTest(name = "b3: {0}")
  @CsvSource(nullValues = "null", value = {
      TRACE + "-" + SPAN + ", " + TRACE + ", null, null, false",
      TRACE + "-" + SPAN + "-1, " + TRACE + ", null, true, false",
      TRACE + "-" + SPAN + "-0, " + TRACE + ", null, false, false",
      TRACE + "-" + SPAN + "-d, " + TRACE + ", null, true, true",
      TRACE + "-" + SPAN + "-1-" + PARENT + ", " + TRACE + ", " + PARENT + ", true, false",
      TRACE + "-" + SPAN + "-0-" + PARENT + ", " + TRACE + ", " + PARENT + ", false, false",
      TRACE + "-" + SPAN + "-d-" + PARENT + ", " + TRACE + ", " + PARENT + ", true, true",
      "64fe8b2a57d3eff7-" + SPAN + "-1, 64fe8b2a57d3eff7, null, true, false",
      "64fe8b2a57d3eff7-" + SPAN + ", 64fe8b2a57d3eff7, null, null, false",
  })
  void readsEveryFormWithIds(String b3, String traceId, String parentId, Boolean sampled, boolean debug) {
    TraceContext context = extract(b3);

    assertThat(context.traceIdString()).isEqualTo(traceId);
    assertThat(context.spanIdString()).isEqualTo(SPAN);
    assertThat(context.parentIdString()).isEqualTo(parentId);
    assertThat(context.sampled()).isEqualTo(sampled);
    assertThat(context.debug()).isEqualTo(debug);
  }

  @ParameterizedTest(name = "b3: {0}")
  @CsvSource({"0, false, false", "1, true, false", "d, true, true"})
  void readsDecisionOnlyForms(String b3, boolean sampled, boolean debug) {
    TraceContext context = extract(b3);

    assertThat(context.hasIds()).isFalse();
    assertThat(context.sampled()).isEqualTo(sampled);
    assertThat(context.debug()).isEqualTo(debug);
  }

  @Test
  void acceptsUpperCaseHex() {
    TraceContext context = extract((TRACE + "-" + SPAN + "-1-" + PARENT).toUpperCase());

    assertThat(context.traceIdString()).isEqualTo(TRACE);
    assertThat(context.spanIdString()).isEqualTo(SPAN);
    assertThat(context.parentIdString()).isEqualTo(PARENT);
  }

  @ParameterizedTest(name = "b3: \"{0}\"")
  @ValueSource(strings = {
      "", "2", "D", "x", "-", "00", "true", "1-", "0-" + SPAN,
      TRACE,
      TRACE + "-",
      TRACE + "-" + SPAN + "-",
      TRACE + "-" + SPAN + "-2",
      TRACE + "-" + SPAN + "-D",
      TRACE + "-" + SPAN + "-11",
      TRACE + "-" + SPAN + "-1-",
      TRACE + "-" + SPAN + "-1-" + PARENT + "-",
      TRACE + "-" + SPAN + "-1-05e3ac9a4f6e3b9",
      TRACE + "-" + SPAN + "-1-05e3ac9a4f6e3b900",
      TRACE + "-" + SPAN + "-1-05e3ac9a4f6e3b9x",
      TRACE + "-" + SPAN + "-1-0000000000000000",
      TRACE + "-" + SPAN + "-" + PARENT,
      TRACE + "-" + SPAN + "1",
      TRACE + "-e457b5a2e4d86bd",
      TRACE + "-e457b5a2e4d86bd1a",
      TRACE + "-e457b5a2e4d86bdx",
      TRACE + "-0000000000000000",
      TRACE + "--" + SPAN,
      TRACE + "_" + SPAN,
      "80f198ee56343ba864fe8b2a57d3eff-" + SPAN,
      "80f198ee56343ba864fe8b2a57d3eff77-" + SPAN,
      "80f198ee56343ba864fe8b2a57d3efzz-" + SPAN,
      "00000000000000000000000000000000-" + SPAN,
      "0000000000000000-" + SPAN,
      " " + TRACE + "-" + SPAN,
      TRACE + "-" + SPAN + " ",
  })
  void malformedValueGivesNoContextAndIsNeverForwarded(String b3) {
    HeaderFields inbound = HeaderFields.of("b3", b3, "X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124",
        "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-Sampled", "1");

    TraceContext context = propagation.extract(inbound, HeaderFields.GETTER);
    assertThat(context.traceIdString()).as("the X-B3-* group is used instead")
        .isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(context.meshHeaders().get("b3")).isNull();

    for (Mode mode : Mode.values()) {
      HeaderFields outbound = Hop.outbound(Tracing.newBuilder().mode(mode).build(), inbound);
      assertThat(outbound.get("b3")).as(mode.name()).isNull();
      assertThat(outbound.get("x-b3-traceid")).as(mode.name()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    }
  }

  @Test
  void malformedValueAloneStartsANewTrace() {
    TraceContext context = extract(TRACE + "-" + SPAN + "-x");

    assertThat(context.hasIds()).isFalse();
    assertThat(context.sampled()).isNull();
    assertThat(context.meshHeaders().size()).isZero();
  }

  @Test
  void isReencodedWithOurIdsWhenItArrived() {
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("b3", TRACE + "-" + SPAN + "-1-" + PARENT));

    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(outbound.get("b3"))
        .isEqualTo(TRACE + "-" + client.spanIdString() + "-1-" + client.parentIdString());
    assertThat(outbound.get("x-b3-spanid")).isEqualTo(client.spanIdString());
    assertThat(outbound.get("traceparent")).isEqualTo("00-" + TRACE + "-" + client.spanIdString() + "-01");
  }

  @Test
  void debugIsReencodedAsD() {
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("b3", "64fe8b2a57d3eff7-" + SPAN + "-d"));

    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(outbound.get("b3"))
        .isEqualTo("64fe8b2a57d3eff7-" + client.spanIdString() + "-d-" + client.parentIdString());
  }

  @Test
  void decisionOnlyAcceptGetsIdsInEveryFormatThatArrivedOrIsDefault() {
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("b3", "1"));

    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(outbound.get("b3")).isEqualTo(
        client.traceIdString() + "-" + client.spanIdString() + "-1-" + client.parentIdString());
    assertThat(outbound.get("x-b3-traceid")).isEqualTo(client.traceIdString());
  }

  @Test
  void decisionOnlyDenyIsForwardedAsIs() {
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("b3", "0"));

    assertThat(spans.spans()).isEmpty();
    assertThat(outbound.toMap()).containsOnlyKeys("b3", "x-b3-sampled", "x-request-id").containsEntry("b3", "0")
        .as("the deny in the configured X-B3-* too").containsEntry("x-b3-sampled", "0");
  }

  @Test
  void isAGroupOfItsOwn() {
    TraceContext context = propagation.extract(HeaderFields.of("b3", "0", "X-B3-TraceId",
        "463ac35c9f6413ad48485a3953bb6124", "X-B3-SpanId", "a2fb4a1d1a96d312"), HeaderFields.GETTER);

    assertThat(context.sampled()).as("b3 is read first, as Envoy does").isFalse();
    assertThat(context.hasIds()).as("a decision-only b3 wins: its group has no IDs").isFalse();
    assertThat(context.meshHeaders().get("b3")).isEqualTo("0");
    assertThat(context.meshHeaders().get("x-b3-traceid")).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
  }
}
