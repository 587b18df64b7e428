package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** W3C {@code traceparent} and {@code tracestate}, per the trace-context specification. */
class W3cFormatTest {
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String PARENT = "b7ad6b7169203331";
  static final String TRACEPARENT = "00-" + TRACE + "-" + PARENT + "-01";

  final Propagation propagation = Propagation.defaults();
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();

  TraceContext extract(String... namesAndValues) {
    return propagation.extract(HeaderFields.of(namesAndValues), HeaderFields.GETTER);
  }

  @ParameterizedTest(name = "flags {0} -> sampled {1}")
  @CsvSource({"01, true", "00, false", "03, true", "02, false", "ff, true", "fe, false"})
  void readsVersion00AndOnlyTheSampledBitOfTheFlags(String flags, boolean sampled) {
    TraceContext context = extract("traceparent", "00-" + TRACE + "-" + PARENT + "-" + flags);

    assertThat(context.traceIdString()).isEqualTo(TRACE);
    assertThat(context.spanIdString()).isEqualTo(PARENT);
    assertThat(context.parentIdString()).isNull();
    assertThat(context.sampled()).isEqualTo(sampled);
    assertThat(context.debug()).isFalse();
  }

  @ParameterizedTest(name = "traceparent: {0}")
  @ValueSource(strings = {
      "01-" + TRACE + "-" + PARENT + "-01",
      "cc-" + TRACE + "-" + PARENT + "-01",
      "cc-" + TRACE + "-" + PARENT + "-01-what-the-future-holds",
      "fe-" + TRACE + "-" + PARENT + "-01-",
      "01-" + TRACE + "-" + PARENT + "-09-x",
  })
  void readsFutureVersionsByTheirFirstFourFields(String traceparent) {
    TraceContext context = extract("traceparent", traceparent);

    assertThat(context.traceIdString()).isEqualTo(TRACE);
    assertThat(context.spanIdString()).isEqualTo(PARENT);
    assertThat(context.sampled()).isTrue();
  }

  @Test
  void aFutureVersionIsForwardedByteForByteAndReencodedAsVersion00() {
    String future = "cc-" + TRACE + "-" + PARENT + "-01-what-the-future-holds";

    HeaderFields forwarded = Hop.outbound(Tracing.newBuilder().mode(Mode.FORWARD).build(),
        HeaderFields.of("traceparent", future));
    assertThat(forwarded.get("traceparent")).isEqualTo(future);

    HeaderFields recorded = Hop.outbound(tracing, HeaderFields.of("traceparent", future));
    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(recorded.get("traceparent")).isEqualTo("00-" + TRACE + "-" + client.spanIdString() + "-01");
  }

  @ParameterizedTest(name = "traceparent: \"{0}\"")
  @ValueSource(strings = {
      "",
      // version 00 is exactly 55 characters
      "00-" + TRACE + "-" + PARENT + "-01-",
      "00-" + TRACE + "-" + PARENT + "-01-extra",
      "00-" + TRACE + "-" + PARENT + "-1",
      "00-" + TRACE + "-" + PARENT + "-",
      "00-" + TRACE + "-" + PARENT,
      // version ff is invalid; versions are two lower-case hex digits
      "ff-" + TRACE + "-" + PARENT + "-01",
      "ff-" + TRACE + "-" + PARENT + "-01-future",
      "0-" + TRACE + "-" + PARENT + "-01",
      "000-" + TRACE + "-" + PARENT + "-01",
      "0g-" + TRACE + "-" + PARENT + "-01",
      "CC-" + TRACE + "-" + PARENT + "-01",
      // a future version still needs a '-' after the flags
      "cc-" + TRACE + "-" + PARENT + "-01x",
      "cc-" + TRACE + "-" + PARENT + "-01.future",
      // all-zero IDs
      "00-00000000000000000000000000000000-" + PARENT + "-01",
      "00-" + TRACE + "-0000000000000000-01",
      // upper-case hex
      "00-0AF7651916CD43DD8448EB211C80319C-" + PARENT + "-01",
      "00-" + TRACE + "-B7AD6B7169203331-01",
      "00-" + TRACE + "-" + PARENT + "-0A",
      // wrong widths, delimiters and characters
      "00-0af7651916cd43dd8448eb211c80319-" + PARENT + "-001",
      "00-" + TRACE + "-b7ad6b716920333-001",
      "00_" + TRACE + "-" + PARENT + "-01",
      "00-" + TRACE + "_" + PARENT + "-01",
      "00-" + TRACE + "-" + PARENT + "_01",
      "00-0af7651916cd43dd8448eb211c80319g-" + PARENT + "-01",
      "00-" + TRACE + "-b7ad6b716920333z-01",
      "00-" + TRACE + "-" + PARENT + "-0x",
      " 00-" + TRACE + "-" + PARENT + "-01",
      "00-" + TRACE + "-" + PARENT + "-01 ",
      "00-" + TRACE + "-" + PARENT + "-01\t",
  })
  void rejectsWhatTheSpecRejectsAndDropsItsTracestate(String traceparent) {
    HeaderFields inbound = HeaderFields.of("traceparent", traceparent, "tracestate", "congo=t61rcWkgMzE",
        "x-request-id", "rid");

    TraceContext context = propagation.extract(inbound, HeaderFields.GETTER);
    assertThat(context.hasIds()).isFalse();
    assertThat(context.sampled()).isNull();
    assertThat(context.meshHeaders().get("traceparent")).isNull();
    assertThat(context.meshHeaders().get("tracestate")).isNull();

    for (Mode mode : Mode.values()) {
      HeaderFields outbound = Hop.outbound(Tracing.newBuilder().mode(mode).build(), inbound);
      assertThat(outbound.get("tracestate")).as(mode.name()).isNull();
      assertThat(outbound.get("traceparent")).as(mode.name()).isNotEqualTo(traceparent);
      assertThat(outbound.get("x-request-id")).isEqualTo("rid");
    }
  }

  @Test
  void a128BitTraceIdWhoseLowerHalfIsZeroIsValid() {
    TraceContext context = extract("traceparent", "00-0af7651916cd43dd0000000000000000-" + PARENT + "-01");

    assertThat(context.hasIds()).isTrue();
    assertThat(context.traceIdString()).isEqualTo("0af7651916cd43dd0000000000000000");
  }

  @Test
  void a64BitTraceIdIsWrittenPaddedTo128Bits() {
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("x-b3-traceid", "8448eb211c80319c",
        "x-b3-spanid", PARENT, "x-b3-sampled", "1"));

    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(outbound.get("x-b3-traceid")).isEqualTo("8448eb211c80319c");
    assertThat(outbound.get("traceparent"))
        .isEqualTo("00-00000000000000008448eb211c80319c-" + client.spanIdString() + "-01");
  }

  @Test
  void tracestateTravelsUnchangedNextToOurTraceparent() {
    String tracestate = "rojo=00f067aa0ba902b7,  ,congo=t61rcWkgMzE";
    HeaderFields inbound = HeaderFields.of("traceparent", TRACEPARENT, "tracestate", tracestate);

    assertThat(Hop.outbound(tracing, inbound).get("tracestate")).isEqualTo(tracestate);
    assertThat(Hop.outbound(Tracing.newBuilder().mode(Mode.FORWARD).build(), inbound).get("tracestate"))
        .isEqualTo(tracestate);
  }

  @Test
  void repeatedTracestateFieldsAreCombinedInOrder() {
    HeaderFields inbound = HeaderFields.of("traceparent", TRACEPARENT, "tracestate", "rojo=00f067aa0ba902b7",
        "TraceState", "congo=t61rcWkgMzE", "tracestate", "a=1");

    HeaderFields outbound = Hop.outbound(tracing, inbound);
    assertThat(outbound.get("tracestate")).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,a=1");
  }

  @Test
  void tracestateOf32MembersIsKeptAndLongerIsCutToTheFirst32() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 40; i++) members.add("k" + i + "=v" + i);
    String first32 = String.join(",", members.subList(0, 32));

    TraceContext exactly32 = extract("traceparent", TRACEPARENT, "tracestate", first32);
    assertThat(exactly32.meshHeaders().get("tracestate")).isEqualTo(first32);

    TraceContext forty = extract("traceparent", TRACEPARENT, "tracestate", String.join(",", members));
    assertThat(forty.meshHeaders().get("tracestate")).isEqualTo(first32);

    HeaderFields repeated = HeaderFields.of("traceparent", TRACEPARENT,
        "tracestate", String.join(",", members.subList(0, 20)), "tracestate", String.join(",", members.subList(20, 40)));
    assertThat(propagation.extract(repeated, HeaderFields.GETTER).meshHeaders().get("tracestate")).isEqualTo(first32);
  }

  @Test
  void blankTracestateMembersAreNotCounted() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 32; i++) members.add("k" + i + "=v" + i);
    String withBlanks = ",," + String.join(", ,", members) + ",";

    assertThat(extract("traceparent", TRACEPARENT, "tracestate", withBlanks).meshHeaders().get("tracestate"))
        .isEqualTo(withBlanks);
  }

  @Test
  void tracestateWithoutTraceparentIsNotForwarded() {
    HeaderFields outbound = Hop.outbound(Tracing.newBuilder().mode(Mode.FORWARD).build(),
        HeaderFields.of("tracestate", "congo=t61rcWkgMzE"));

    assertThat(outbound.get("tracestate")).isNull();
  }

  @Test
  void notSampledTraceparentIsForwardedAsIs() {
    String unsampled = "00-" + TRACE + "-" + PARENT + "-00";
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("traceparent", unsampled, "tracestate", "a=b"));

    assertThat(spans.spans()).isEmpty();
    assertThat(outbound.toMap()).containsOnlyKeys("traceparent", "tracestate", "x-request-id", "x-b3-traceid",
            "x-b3-spanid", "x-b3-sampled")
        .containsEntry("traceparent", unsampled).containsEntry("tracestate", "a=b")
        .as("the deny and IDs in the configured X-B3-* too, as Envoy sends them")
        .containsEntry("x-b3-traceid", TRACE).containsEntry("x-b3-spanid", PARENT).containsEntry("x-b3-sampled", "0");
  }
}
