package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules across formats: header names, extract order, inject formats, mismatches, duplicates, replacement. */
class PropagationRulesTest {
  static final String B3_TRACE = "463ac35c9f6413ad48485a3953bb6124";
  static final String B3_SPAN = "a2fb4a1d1a96d312";
  static final String B3_SINGLE = "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1";
  static final String W3C_TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String TRACEPARENT = "00-" + W3C_TRACE + "-b7ad6b7169203331-01";

  final InMemorySpanCollector spans = new InMemorySpanCollector();

  static HeaderFields allThreeFormats() {
    return HeaderFields.of("b3", B3_SINGLE, "X-B3-TraceId", B3_TRACE, "X-B3-SpanId", B3_SPAN, "X-B3-Sampled", "1",
        "traceparent", TRACEPARENT, "tracestate", "congo=t61rcWkgMzE");
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    HeaderFields inbound = HeaderFields.of("X-B3-TRACEID", B3_TRACE, "x-b3-spanid", B3_SPAN, "X-b3-SaMpLeD", "1",
        "TRACEPARENT", TRACEPARENT, "TraceState", "a=b", "X-Request-ID", "rid", "BAGGAGE", "k=v");

    TraceContext context = Propagation.defaults().extract(inbound, HeaderFields.GETTER);
    assertThat(context.traceIdString()).isEqualTo(B3_TRACE);
    assertThat(context.sampled()).isTrue();
    assertThat(context.meshHeaders().get("tracestate")).isEqualTo("a=b");
    assertThat(context.requestId()).isEqualTo("rid");
    assertThat(context.meshHeaders().get("baggage")).isEqualTo("k=v");

    Map<String, String> map = new HashMap<>();
    map.put("X-B3-TraceId", B3_TRACE);
    map.put("X-B3-SPANID", B3_SPAN);
    assertThat(Propagation.defaults().extract(map, MapCarrier.GETTER).traceIdString()).isEqualTo(B3_TRACE);
  }

  @Test
  void aCarrierThatListsItsFieldsIsWalkedOnceWithTheSameRulesAsLookups() {
    HeaderFields inbound = HeaderFields.of("TraceParent", TRACEPARENT, "tracestate", "a=1", "X-Request-Id", "first",
        "x-request-id", "second", "Baggage", "k1=v1", "x-unrelated", "x", "TRACESTATE", "b=2", "baggage", "k2=v2");
    Map<String, String> nullKeyAndValue = new HashMap<>();
    nullKeyAndValue.put(null, "v");
    nullKeyAndValue.put("x-request-id", null);
    nullKeyAndValue.put("X-B3-TraceId", B3_TRACE);
    nullKeyAndValue.put("x-b3-SPANID", B3_SPAN);

    TraceContext context = Propagation.defaults().extract(inbound, HeaderFields.LISTING_GETTER);

    assertThat(context.traceIdString()).isEqualTo(W3C_TRACE);
    assertThat(context.meshHeaders().toString()).as("list-valued joined in order; others first value; rest unread")
        .isEqualTo("MeshHeaders{traceparent=" + TRACEPARENT + ", tracestate=a=1,b=2, x-request-id=first, "
            + "baggage=k1=v1,k2=v2}");
    assertThat(context).isEqualTo(Propagation.defaults().extract(inbound, HeaderFields.GETTER));
    assertThat(Propagation.defaults().extract(nullKeyAndValue, MapCarrier.GETTER).traceIdString())
        .isEqualTo(B3_TRACE);
  }

  @Test
  void aGetterThatListsSomeFieldsAndThenDeclinesIsReadByLookups() {
    HeaderGetter<HeaderFields> listsOneThenDeclines = new HeaderGetter<>() {
      @Override
      public String get(HeaderFields fields, String name) {
        return HeaderFields.GETTER.get(fields, name);
      }

      @Override
      public boolean forEachHeader(HeaderFields fields, java.util.function.BiConsumer<String, String> action) {
        action.accept("x-request-id", "rid");
        return false;
      }
    };
    HeaderFields inbound = HeaderFields.of("x-request-id", "rid", "traceparent", TRACEPARENT);

    TraceContext context = Propagation.defaults().extract(inbound, listsOneThenDeclines);

    assertThat(context).isEqualTo(Propagation.defaults().extract(inbound, HeaderFields.GETTER));
    assertThat(context.meshHeaders().size()).isEqualTo(2);
  }

  @Test
  void aListValuedHeaderRepeatedPastTheSizeLimitIsDroppedWhicheverWayItIsRead() {
    HeaderFields inbound = HeaderFields.of("x-request-id", "rid");
    for (int i = 0; i < 5_000; i++) inbound.add("baggage", "key" + i + "=" + "v".repeat(90));

    TraceContext walked = Propagation.defaults().extract(inbound, HeaderFields.LISTING_GETTER);

    assertThat(walked.meshHeaders().get("baggage")).isNull();
    assertThat(walked.requestId()).isEqualTo("rid");
    assertThat(walked).isEqualTo(Propagation.defaults().extract(inbound, HeaderFields.GETTER));
  }

  @Test
  void aTraceIdHalfThatIsNotHexIsNeverTakenForZero() {
    String badHigh = "463ac35c9f6413az48485a3953bb6124";
    String badLow = "463ac35c9f6413ad48485a3953bb612z";
    for (String traceId : List.of(badHigh, badLow, "0000000000000000000000000000000z", "z000000000000000")) {
      assertThat(List.of(
          HeaderFields.of("X-B3-TraceId", traceId, "X-B3-SpanId", B3_SPAN),
          HeaderFields.of("b3", traceId + "-" + B3_SPAN),
          HeaderFields.of("traceparent", "00-" + traceId + "-" + B3_SPAN + "-01")))
          .allSatisfy(inbound -> assertThat(Propagation.defaults().extract(inbound, HeaderFields.GETTER).hasIds())
              .as("%s", inbound).isFalse());
    }
  }

  @Test
  void defaultExtractOrderIsB3ThenXB3ThenTraceparent() {
    assertThat(Propagation.defaults().extractFormats()).containsExactly(Format.B3, Format.B3_MULTI, Format.W3C);

    Propagation propagation = Propagation.defaults();
    assertThat(propagation.extract(allThreeFormats(), HeaderFields.GETTER).traceIdString())
        .isEqualTo("80f198ee56343ba864fe8b2a57d3eff7");
    HeaderFields multiAndW3c = HeaderFields.of("X-B3-TraceId", B3_TRACE, "X-B3-SpanId", B3_SPAN,
        "traceparent", TRACEPARENT);
    assertThat(propagation.extract(multiAndW3c, HeaderFields.GETTER).traceIdString()).isEqualTo(B3_TRACE);
    assertThat(propagation.extract(HeaderFields.of("traceparent", TRACEPARENT), HeaderFields.GETTER)
        .traceIdString()).isEqualTo(W3C_TRACE);
  }

  @Test
  void firstValidFormatWins() {
    HeaderFields inbound = HeaderFields.of("b3", "garbage", "X-B3-TraceId", "garbage", "X-B3-SpanId", B3_SPAN,
        "traceparent", TRACEPARENT);

    assertThat(Propagation.defaults().extract(inbound, HeaderFields.GETTER).traceIdString()).isEqualTo(W3C_TRACE);
  }

  @Test
  void extractOrderIsConfigurable() {
    Propagation w3cFirst = Propagation.newBuilder().extract(List.of(Format.W3C, Format.B3_MULTI)).build();
    assertThat(w3cFirst.extractFormats()).containsExactly(Format.W3C, Format.B3_MULTI);
    assertThat(w3cFirst.extract(allThreeFormats(), HeaderFields.GETTER).traceIdString()).isEqualTo(W3C_TRACE);

    Propagation multiOnly = Propagation.newBuilder().extract(List.of(Format.B3_MULTI)).build();
    TraceContext context = multiOnly.extract(allThreeFormats(), HeaderFields.GETTER);
    assertThat(context.traceIdString()).isEqualTo(B3_TRACE);
    assertThat(context.meshHeaders().get("b3")).as("formats not read are not carried").isNull();
    assertThat(context.meshHeaders().get("traceparent")).isNull();
  }

  @Test
  void formatNamesParseCaseInsensitivelyAndUnknownNamesFailWithTheName() {
    assertThat(Format.fromConfigName("B3Multi")).isEqualTo(Format.B3_MULTI);
    assertThat(Format.fromConfigName(" w3c ")).isEqualTo(Format.W3C);
    assertThat(Format.fromConfigName("b3")).isEqualTo(Format.B3);
    assertThatThrownBy(() -> Format.fromConfigName("jaeger"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'jaeger'")
        .hasMessageContaining("b3, b3multi, w3c");
  }

  @ParameterizedTest
  @CsvSource({"b3_multi, B3_MULTI", "B3-Multi, B3_MULTI", "tracecontext, W3C", "TraceContext, W3C",
      "b3single, B3", "b3-single, B3"})
  void formatNamesAcceptTheirSpellingsAndOpenTelemetrysNames(String name, Format expected) {
    assertThat(Format.fromConfigName(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "trace-context-w3c", "b3multiple", "w3", "baggage"})
  void nearMissesAreStillUnknown(String name) {
    assertThatThrownBy(() -> Format.fromConfigName(name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'").hasMessageContaining("tracecontext");
  }

  @Test
  void defaultInjectIsB3MultiAndW3cWithTheSameIds() {
    Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();
    HeaderFields outbound = Hop.outbound(tracing, new HeaderFields());

    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(outbound.toMap()).containsOnlyKeys("x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid",
        "x-b3-sampled", "traceparent", "x-request-id");
    assertThat(outbound.get("x-b3-traceid")).isEqualTo(client.traceIdString());
    assertThat(outbound.get("x-b3-spanid")).isEqualTo(client.spanIdString());
    assertThat(outbound.get("x-b3-parentspanid")).isEqualTo(client.parentIdString());
    assertThat(outbound.get("traceparent"))
        .isEqualTo("00-" + client.traceIdString() + "-" + client.spanIdString() + "-01");
  }

  @Test
  void injectFormatsAreConfigurableAndFormatsThatArrivedAreAdded() {
    Propagation singleOnly = Propagation.newBuilder().inject(List.of(Format.B3)).build();
    assertThat(singleOnly.injectFormats()).containsExactly(Format.B3);
    Tracing tracing = Tracing.newBuilder().propagation(singleOnly).addSpanHandler(spans).build();

    HeaderFields fresh = Hop.outbound(tracing, new HeaderFields());
    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(fresh.toMap()).containsOnlyKeys("b3", "x-request-id");
    assertThat(fresh.get("b3")).isEqualTo(
        client.traceIdString() + "-" + client.spanIdString() + "-1-" + client.parentIdString());

    spans.clear();
    HeaderFields continued = Hop.outbound(tracing, HeaderFields.of("traceparent", TRACEPARENT));
    client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(continued.toMap()).containsOnlyKeys("b3", "traceparent", "x-request-id");
    assertThat(continued.get("traceparent")).isEqualTo("00-" + W3C_TRACE + "-" + client.spanIdString() + "-01");
    assertThat(continued.get("b3")).startsWith(W3C_TRACE + "-" + client.spanIdString() + "-1-");
  }

  @Test
  void everyFormatThatArrivedIsReencodedConsistently() {
    Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();
    HeaderFields inbound = HeaderFields.of("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1",
        "X-B3-TraceId", "80f198ee56343ba864fe8b2a57d3eff7", "X-B3-SpanId", "e457b5a2e4d86bd1",
        "traceparent", "00-80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-01", "tracestate", "a=b");

    HeaderFields outbound = Hop.outbound(tracing, inbound);
    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    String trace = "80f198ee56343ba864fe8b2a57d3eff7";
    assertThat(outbound.toMap()).containsOnlyKeys("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid",
        "x-b3-sampled", "traceparent", "tracestate", "x-request-id");
    assertThat(outbound.get("b3")).isEqualTo(trace + "-" + client.spanIdString() + "-1-" + client.parentIdString());
    assertThat(outbound.get("x-b3-traceid")).isEqualTo(trace);
    assertThat(outbound.get("x-b3-spanid")).isEqualTo(client.spanIdString());
    assertThat(outbound.get("traceparent")).isEqualTo("00-" + trace + "-" + client.spanIdString() + "-01");
    assertThat(outbound.get("tracestate")).isEqualTo("a=b");
    assertThat(tracing.propagation().mismatchedContexts()).isZero();
  }

  @Test
  void b3AndTraceparentNamingDifferentTracesKeepB3AndForwardTheW3cPairUnchanged() {
    Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();
    HeaderFields inbound = HeaderFields.of("X-B3-TraceId", B3_TRACE, "X-B3-SpanId", B3_SPAN, "X-B3-Sampled", "1",
        "traceparent", TRACEPARENT, "tracestate", "congo=t61rcWkgMzE");

    TraceContext extracted = tracing.propagation().extract(inbound, HeaderFields.GETTER);
    assertThat(extracted.traceIdString()).isEqualTo(B3_TRACE);
    assertThat(tracing.propagation().mismatchedContexts()).isEqualTo(1);

    HeaderFields outbound = Hop.outbound(tracing, inbound);
    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(client.traceIdString()).isEqualTo(B3_TRACE);
    assertThat(outbound.get("x-b3-traceid")).isEqualTo(B3_TRACE);
    assertThat(outbound.get("x-b3-spanid")).isEqualTo(client.spanIdString());
    assertThat(outbound.get("traceparent")).as("in place of the default traceparent").isEqualTo(TRACEPARENT);
    assertThat(outbound.get("tracestate")).isEqualTo("congo=t61rcWkgMzE");
    assertThat(tracing.propagation().mismatchedContexts()).isEqualTo(2);
  }

  @Test
  void mismatchInForwardModeForwardsBothUnchanged() {
    Tracing tracing = Tracing.newBuilder().mode(Mode.FORWARD).build();
    HeaderFields inbound = HeaderFields.of("X-B3-TraceId", B3_TRACE, "X-B3-SpanId", B3_SPAN, "X-B3-Sampled", "1",
        "traceparent", TRACEPARENT);

    HeaderFields outbound = Hop.outbound(tracing, inbound);
    assertThat(outbound.toMap()).containsEntry("x-b3-traceid", B3_TRACE).containsEntry("x-b3-spanid", B3_SPAN)
        .containsEntry("x-b3-sampled", "1").containsEntry("traceparent", TRACEPARENT);
  }

  @Test
  void the64BitAndThe128BitFormOfOneTraceAreNotAMismatch() {
    Propagation propagation = Propagation.defaults();
    HeaderFields inbound = HeaderFields.of("X-B3-TraceId", "8448eb211c80319c", "X-B3-SpanId", B3_SPAN,
        "traceparent", "00-00000000000000008448eb211c80319c-" + B3_SPAN + "-01");

    propagation.extract(inbound, HeaderFields.GETTER);
    assertThat(propagation.mismatchedContexts()).isZero();
  }

  @Test
  void duplicatedSingleValueHeadersFirstWinsAndExactlyOneFieldLeaves() {
    HeaderFields inbound = HeaderFields.of(
        "x-b3-traceid", B3_TRACE, "X-B3-TraceId", "1111111111111111",
        "x-b3-spanid", B3_SPAN, "x-b3-spanid", "2222222222222222",
        "x-b3-sampled", "1", "x-b3-sampled", "0",
        "b3", "1", "b3", "0",
        "traceparent", TRACEPARENT, "traceparent", "00-11111111111111111111111111111111-1111111111111111-00",
        "x-request-id", "first", "x-request-id", "second",
        "x-ot-span-context", "a", "x-ot-span-context", "b");

    for (Mode mode : Mode.values()) {
      Tracing tracing = Tracing.newBuilder().mode(mode).build();
      TraceContext extracted = tracing.propagation().extract(inbound, HeaderFields.GETTER);
      assertThat(extracted.sampled()).isTrue();
      assertThat(extracted.meshHeaders().get("x-b3-traceid")).isEqualTo(B3_TRACE);
      HeaderFields outbound = Hop.outbound(tracing, inbound);
      Map<String, String> fields = outbound.toMap();
      assertThat(outbound.setCalls()).as(mode + ": each header written once").doesNotHaveDuplicates();
      assertThat(fields).containsEntry("x-request-id", "first").containsEntry("x-ot-span-context", "a");
      assertThat(fields.values()).noneMatch(value -> value.contains(","));
      if (mode == Mode.FORWARD) {
        assertThat(fields).containsEntry("x-b3-traceid", B3_TRACE).containsEntry("x-b3-spanid", B3_SPAN)
            .containsEntry("x-b3-sampled", "1").containsEntry("b3", "1").containsEntry("traceparent", TRACEPARENT);
      }
    }
  }

  @Test
  void aHeaderWeWriteReplacesOneTheApplicationSet() {
    Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();
    HeaderFields appRequest = HeaderFields.of("X-B3-TraceId", "app-value", "TraceParent", "app-value",
        "x-request-id", "app-rid", "X-App", "kept");

    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("x-request-id", "inbound-rid"), appRequest);
    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    Map<String, String> fields = outbound.toMap();
    assertThat(fields).containsEntry("x-b3-traceid", client.traceIdString())
        .containsEntry("traceparent", "00-" + client.traceIdString() + "-" + client.spanIdString() + "-01")
        .containsEntry("x-request-id", "inbound-rid").containsEntry("X-App".toLowerCase(), "kept");
    assertThat(fields.values()).doesNotContain("app-value", "app-rid");
  }

  @Test
  void mapCarrierReplacesAKeyThatDiffersOnlyByCase() {
    Tracing tracing = Tracing.newBuilder().build();
    Map<String, String> outbound = new HashMap<>();
    outbound.put("X-B3-TraceId", "app-value");
    outbound.put("Other", "kept");

    tracing.propagation().inject(tracing.tracer().newTrace().context(), outbound, MapCarrier.SETTER);
    assertThat(outbound).doesNotContainKey("X-B3-TraceId").containsKey("x-b3-traceid")
        .containsEntry("Other", "kept");
  }

  @Test
  void namesWeWriteAreLowerCase() {
    Tracing tracing = Tracing.newBuilder().propagation(Propagation.newBuilder()
        .inject(List.of(Format.B3, Format.B3_MULTI, Format.W3C)).build()).build();
    HeaderFields outbound = Hop.outbound(tracing, HeaderFields.of("X-B3-Flags", "1", "X-Request-Id", "R",
        "TRACEPARENT", TRACEPARENT, "TRACESTATE", "a=b", "Baggage", "k=v"));

    assertThat(outbound.setCalls()).isNotEmpty()
        .allSatisfy(name -> assertThat(name).isEqualTo(name.toLowerCase()));
  }
}
