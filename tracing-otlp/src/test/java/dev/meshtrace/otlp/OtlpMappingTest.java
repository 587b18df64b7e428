package dev.meshtrace.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.rpc.RpcTags;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The OTLP mapping, field by field, as the official classes decode what a real receiver got. */
class OtlpMappingTest {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
  static final String REQUEST_ID = "1dfd0d8a-b166-4d15-8f56-64edf45b6a42";

  final OtlpHttpReceiver receiver = OtlpHttpReceiver.start();

  @AfterEach
  void stop() {
    receiver.close();
  }

  OtlpSpanHandler handler(OtlpProtocol protocol) {
    return OtlpSpanHandler.newBuilder().protocol(protocol).endpoint(receiver.tracesUrl())
        .flushInterval(Duration.ofMillis(20)).resourceAttribute("deployment.environment.name", "test").build();
  }

  static Map<String, String> inboundHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01");
    headers.put("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    headers.put("x-request-id", REQUEST_ID);
    headers.put("user-agent", "curl/8.5.0");
    return headers;
  }

  /** All spans of all requests received, in the order they arrived. */
  List<io.opentelemetry.proto.trace.v1.Span> receivedSpans(String serviceName) {
    List<io.opentelemetry.proto.trace.v1.Span> decoded = new ArrayList<>();
    for (OtlpHttpReceiver.Received request : receiver.all()) {
      for (ResourceSpans resourceSpans : request.request().getResourceSpansList()) {
        assertResource(resourceSpans.getResource(), serviceName);
        for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
          assertThat(scopeSpans.getScope().getName()).isEqualTo("dev.meshtrace");
          assertThat(scopeSpans.getScope().getVersion()).isNotBlank().isNotEqualTo("${project.version}");
          decoded.addAll(scopeSpans.getSpansList());
        }
      }
    }
    return decoded;
  }

  @ParameterizedTest
  @EnumSource(value = OtlpProtocol.class, names = {"HTTP_PROTOBUF", "HTTP_JSON"})
  void serverAndClientSpansOfARealRequest(OtlpProtocol protocol) throws Exception {
    int port;
    try (OtlpSpanHandler handler = handler(protocol)) {
      Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(handler).build();
      try (TracedApp app = new TracedApp(tracing)) {
        port = app.port();
        assertThat(app.get("/reviews/7?lang=en", inboundHeaders())).isEqualTo(503);
      }
    }
    assertThat(receiver.all()).isNotEmpty().allSatisfy(request -> {
      assertThat(request.path()).isEqualTo("/v1/traces");
      assertThat(request.header("Content-Type"))
          .isEqualTo(protocol == OtlpProtocol.HTTP_JSON ? "application/json" : "application/x-protobuf");
      assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
    });
    List<io.opentelemetry.proto.trace.v1.Span> spans = receivedSpans("reviews");
    assertThat(spans).hasSize(3);
    io.opentelemetry.proto.trace.v1.Span ratings = spans.get(0); // finished first
    io.opentelemetry.proto.trace.v1.Span client = spans.get(1);
    io.opentelemetry.proto.trace.v1.Span server = spans.get(2);

    assertThat(spans).allSatisfy(span -> {
      assertThat(hex(span.getTraceId())).isEqualTo(TRACE_ID);
      assertThat(span.getTraceState()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
      assertThat(span.getEndTimeUnixNano()).isGreaterThanOrEqualTo(span.getStartTimeUnixNano());
      assertThat(span.getStartTimeUnixNano() / 1_000_000_000L)
          .isBetween(System.currentTimeMillis() / 1000 - 600, System.currentTimeMillis() / 1000 + 1);
    });
    assertThat(hex(server.getParentSpanId())).isEqualTo(CALLER_SPAN_ID);
    assertThat(server.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(server.getName()).isEqualTo("GET /reviews/{id}");
    Map<String, AnyValue> serverAttributes = attributes(server.getAttributesList());
    assertThat(serverAttributes.get("network.peer.port").getIntValue()).isBetween(1L, 65535L);
    serverAttributes.remove("network.peer.port");
    assertThat(serverAttributes).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("guid:x-request-id", string(REQUEST_ID)),
        Map.entry("http.request.method", string("GET")),
        Map.entry("url.scheme", string("http")),
        Map.entry("url.path", string("/reviews/7")),
        Map.entry("url.query", string("lang=en")),
        Map.entry("server.address", string("127.0.0.1")),
        Map.entry("server.port", integer(port)),
        Map.entry("http.route", string("/reviews/{id}")),
        Map.entry("user_agent.original", string("curl/8.5.0")),
        Map.entry("http.response.status_code", integer(503)),
        Map.entry("error.type", string("503")),
        Map.entry("client.address", string("127.0.0.1")),
        Map.entry("network.peer.address", string("127.0.0.1"))));
    assertThat(server.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(server.getStatus().getMessage()).isEmpty();

    assertThat(hex(client.getParentSpanId())).isEqualTo(hex(server.getSpanId()));
    assertThat(client.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(attributes(client.getAttributesList())).containsEntry("http.request.method", string("GET"))
        .containsEntry("url.full", string("http://127.0.0.1:" + port + "/ratings/7"))
        .containsEntry("server.address", string("127.0.0.1"))
        .containsEntry("server.port", integer(port))
        .containsEntry("http.response.status_code", integer(200))
        .doesNotContainKeys("http.method", "http.path", "http.url", "url.path", "http.status_code", "error.type");
    assertThat(client.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);

    assertThat(hex(ratings.getParentSpanId())).isEqualTo(hex(client.getSpanId()));
    assertThat(ratings.getName()).isEqualTo("GET /ratings/{id}");
    assertThat(ratings.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
  }

  @Test
  void exceptionsAndAnnotations() {
    try (OtlpSpanHandler handler = handler(OtlpProtocol.HTTP_PROTOBUF)) {
      Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(handler).build();
      Span span = tracing.tracer().newTrace().kind(SpanKind.CLIENT).name("GET").remoteServiceName("ratings")
          .start();
      span.annotate("retry");
      span.error(new IllegalStateException("ratings refused"));
      span.finish();
    }
    io.opentelemetry.proto.trace.v1.Span span = onlySpan(receiver.take().request());
    assertThat(attributes(span.getAttributesList())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "peer.service", string("ratings"),
        "error.type", string("java.lang.IllegalStateException")));
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(span.getStatus().getMessage()).isEqualTo("ratings refused");
    assertThat(span.getEventsList()).singleElement().satisfies(event -> {
      assertThat(event.getName()).isEqualTo("retry");
      assertThat(event.getTimeUnixNano()).isBetween(span.getStartTimeUnixNano(), span.getEndTimeUnixNano());
    });
  }

  @Test
  void rpcTagsKeepTheirNamesAndTheGrpcStatusCodeIsAnInteger() {
    try (OtlpSpanHandler handler = handler(OtlpProtocol.HTTP_PROTOBUF)) {
      Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(handler).build();
      tracing.tracer().newTrace().kind(SpanKind.CLIENT).name("bookinfo.Ratings/GetRating")
          .tag(RpcTags.SYSTEM, "grpc").tag(RpcTags.SERVICE, "bookinfo.Ratings").tag(RpcTags.METHOD, "GetRating")
          .tag(RpcTags.GRPC_STATUS_CODE, "14").tag(RpcTags.ERROR, "UNAVAILABLE").start().finish();
    }
    io.opentelemetry.proto.trace.v1.Span span = onlySpan(receiver.take().request());
    assertThat(attributes(span.getAttributesList())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "rpc.system", string("grpc"),
        "rpc.service", string("bookinfo.Ratings"),
        "rpc.method", string("GetRating"),
        "rpc.grpc.status_code", integer(14),
        "error.type", string("UNAVAILABLE")));
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
  }

  @ParameterizedTest
  @EnumSource(value = OtlpProtocol.class, names = {"HTTP_PROTOBUF", "HTTP_JSON"})
  void valuesAtTheEdgesOfWhatIsRead(OtlpProtocol protocol) {
    try (OtlpSpanHandler handler = handler(protocol)) {
      Tracer tracer = Tracing.newBuilder().serviceName("reviews").addSpanHandler(handler).build().tracer();
      // gRPC's OK is 0, the smallest code there is.
      tracer.newTrace().kind(SpanKind.CONSUMER).name("ok").tag(RpcTags.GRPC_STATUS_CODE, "0").start().finish();
      // A code with a 9 in it; a Host whose port is not a number gives the host alone.
      tracer.newTrace().kind(SpanKind.SERVER).name("throttled").tag("http.method", "GET")
          .tag("http.status_code", "429").tag("http.scheme", "http").tag("http.host", "reviews:web").start().finish();
      // Nine digits are the most read as a number; longer, or not a number, the value is passed on as text.
      tracer.newTrace().kind(SpanKind.CLIENT).name("long").tag("http.status_code", "999999999")
          .tag(RpcTags.GRPC_STATUS_CODE, "1000000000").start().finish();
      tracer.newTrace().kind(SpanKind.CLIENT).name("named").tag(RpcTags.GRPC_STATUS_CODE, "CANCELLED").start()
          .finish();
      // A request line ending in '?' has an empty query: none is reported.
      tracer.newTrace().kind(SpanKind.SERVER).name("empty query").tag("http.path", "/reviews/7?").start().finish();
    }
    Map<String, io.opentelemetry.proto.trace.v1.Span> spans = new LinkedHashMap<>();
    receivedSpans("reviews").forEach(span -> spans.put(span.getName(), span));
    assertThat(spans).containsOnlyKeys("ok", "throttled", "long", "named", "empty query");

    assertThat(spans.get("ok").getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER);
    assertThat(attributes(spans.get("ok").getAttributesList()))
        .containsExactlyEntriesOf(Map.of("rpc.grpc.status_code", integer(0)));
    assertThat(attributes(spans.get("throttled").getAttributesList())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "http.request.method", string("GET"),
        "http.response.status_code", integer(429),
        "url.scheme", string("http"),
        "server.address", string("reviews")));
    assertThat(attributes(spans.get("long").getAttributesList())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "http.response.status_code", integer(999_999_999),
        "rpc.grpc.status_code", string("1000000000")));
    assertThat(attributes(spans.get("named").getAttributesList()))
        .containsExactlyEntriesOf(Map.of("rpc.grpc.status_code", string("CANCELLED")));
    assertThat(attributes(spans.get("empty query").getAttributesList()))
        .containsExactlyEntriesOf(Map.of("url.path", string("/reviews/7")));
    assertThat(spans.values()).extracting(span -> span.getStatus().getCode())
        .containsOnly(Status.StatusCode.STATUS_CODE_UNSET);
  }

  @ParameterizedTest
  @EnumSource(value = OtlpProtocol.class, names = {"HTTP_PROTOBUF", "HTTP_JSON"})
  void theErrorStatusDescribesTheError(OtlpProtocol protocol) {
    try (OtlpSpanHandler handler = handler(protocol)) {
      Tracer tracer = Tracing.newBuilder().serviceName("reviews").addSpanHandler(handler).build().tracer();
      // The tracer describes an exception without a message by its class's simple name.
      Span bare = tracer.newTrace().name("bare").start();
      bare.error(new IllegalStateException());
      bare.finish();
      // An error tag the application set is the description, before the exception's message.
      Span described = tracer.newTrace().name("described").tag("error", "ratings took too long").start();
      described.error(new java.net.SocketTimeoutException("Read timed out"));
      described.finish();
      // A span handed to the handler as data, without an error tag: the exception's message.
      handler.end(null, Spans.span(1).name("data").localServiceName("reviews")
          .error(new java.io.IOException("connection reset")));
    }
    Map<String, io.opentelemetry.proto.trace.v1.Span> spans = new LinkedHashMap<>();
    receivedSpans("reviews").forEach(span -> spans.put(span.getName(), span));
    assertThat(spans).containsOnlyKeys("bare", "described", "data");

    assertThat(spans.get("bare").getStatus()).isEqualTo(Status.newBuilder()
        .setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("IllegalStateException").build());
    assertThat(spans.get("described").getStatus()).isEqualTo(Status.newBuilder()
        .setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("ratings took too long").build());
    assertThat(attributes(spans.get("described").getAttributesList()))
        .containsExactlyEntriesOf(Map.of("error.type", string("java.net.SocketTimeoutException")));
    assertThat(spans.get("data").getStatus()).isEqualTo(Status.newBuilder()
        .setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("connection reset").build());
  }

  @ParameterizedTest
  @EnumSource(value = OtlpProtocol.class, names = {"HTTP_PROTOBUF", "HTTP_JSON"})
  void eventsWithoutATimeOrANameAreLeftOut(OtlpProtocol protocol) {
    long start = 1_700_000_000_000_000L;
    try (OtlpSpanHandler handler = handler(protocol)) {
      // Span data from elsewhere may hold them; an OTLP event needs both.
      handler.end(null, Spans.span(1).localServiceName("reviews").annotate(0, "no time")
          .annotate(start + 100, null).annotate(start + 200, "retry").annotate(start + 300, "sent"));
    }
    assertThat(onlySpan(receiver.take().request()).getEventsList())
        .extracting(event -> event.getName() + "@" + event.getTimeUnixNano())
        .containsExactly("retry@" + (start + 200) * 1000, "sent@" + (start + 300) * 1000);
  }

  @ParameterizedTest
  @EnumSource(value = OtlpProtocol.class, names = {"HTTP_PROTOBUF", "HTTP_JSON"})
  void aSpanWithoutAFinishTimeEndsWhenItStarted(OtlpProtocol protocol) {
    try (OtlpSpanHandler handler = handler(protocol)) {
      handler.end(null, Spans.span(1).localServiceName("reviews").finishTimestamp(0));
    }
    io.opentelemetry.proto.trace.v1.Span span = onlySpan(receiver.take().request());
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(span.getEndTimeUnixNano()).isEqualTo(span.getStartTimeUnixNano());
  }

  @Test
  void sixtyFourBitTraceIdsAreLeftPaddedAndRootSpansHaveNoParent() {
    Span root;
    try (OtlpSpanHandler handler = handler(OtlpProtocol.HTTP_PROTOBUF)) {
      Tracing tracing = Tracing.newBuilder().serviceName("details").traceId128(false).addSpanHandler(handler)
          .build();
      root = tracing.tracer().newTrace().name("work").start();
      root.finish();
    }
    io.opentelemetry.proto.trace.v1.Span span = onlySpan(receiver.take().request());
    assertThat(hex(span.getTraceId())).isEqualTo("0000000000000000" + root.context().traceIdString());
    assertThat(span.getParentSpanId()).isEmpty();
    assertThat(span.getTraceState()).isEmpty();
    assertThat(span.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
  }

  @Test
  void jsonAndProtobufCarryTheSameSpan() {
    try (OtlpSpanHandler proto = handler(OtlpProtocol.HTTP_PROTOBUF);
        OtlpSpanHandler json = handler(OtlpProtocol.HTTP_JSON)) {
      Tracing tracing = Tracing.newBuilder().serviceName("reviews \u00e9\u2028\"q\"").addSpanHandler(proto)
          .addSpanHandler(json).build();
      Span span = tracing.tracer().newTrace().kind(SpanKind.PRODUCER).name("send \u00fc\ud83d\ude00")
          .tag("messaging.system", "kafka").tag("quote\"tag", "line\nbreak")
          .tag("long", "\u00e9".repeat(100) + "x".repeat(200)).start();
      span.annotate("sent");
      span.finish();
    }
    ExportTraceServiceRequest first = receiver.take().request();
    ExportTraceServiceRequest second = receiver.take().request();
    assertThat(inKeyOrder(onlySpan(first))).isEqualTo(inKeyOrder(onlySpan(second)));
    assertThat(onlySpan(first).getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER);
    assertThat(onlySpan(first).getName()).isEqualTo("send \u00fc\ud83d\ude00");
    assertThat(attributes(onlySpan(first).getAttributesList()).get("long"))
        .isEqualTo(string("\u00e9".repeat(100) + "x".repeat(200))); // 400 bytes: a two-byte length
    assertThat(attributes(first.getResourceSpans(0).getResource().getAttributesList()).get("service.name"))
        .isEqualTo(string("reviews \u00e9\u2028\"q\""));
    assertThat(attributes(second.getResourceSpans(0).getResource().getAttributesList()).get("service.name"))
        .isEqualTo(string("reviews \u00e9\u2028\"q\""));
  }

  @Test
  void aConfiguredServiceNameNamesTheResource() {
    try (OtlpSpanHandler handler = OtlpSpanHandler.newBuilder().protocol(OtlpProtocol.HTTP_PROTOBUF)
        .endpoint(receiver.tracesUrl()).serviceName("billing").flushInterval(Duration.ofMillis(20)).build()) {
      Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(handler).build();
      tracing.tracer().newTrace().name("work").start().finish();
    }
    Resource resource = receiver.take().request().getResourceSpans(0).getResource();
    assertThat(attributes(resource.getAttributesList())).containsEntry("service.name", string("billing"));
  }

  static io.opentelemetry.proto.trace.v1.Span onlySpan(ExportTraceServiceRequest request) {
    assertThat(request.getResourceSpansCount()).isEqualTo(1);
    assertThat(request.getResourceSpans(0).getScopeSpansCount()).isEqualTo(1);
    assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(1);
    return request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
  }

  static void assertResource(Resource resource, String serviceName) {
    Map<String, AnyValue> attributes = attributes(resource.getAttributesList());
    assertThat(attributes).containsEntry("service.name", string(serviceName))
        .containsEntry("telemetry.sdk.name", string("meshtrace"))
        .containsEntry("telemetry.sdk.language", string("java"))
        .containsEntry("deployment.environment.name", string("test"))
        .containsKeys("telemetry.sdk.version", "service.instance.id");
    assertThat(attributes.get("telemetry.sdk.version").getStringValue()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  /**
   * The span with its attributes in key order: OTLP gives their order no meaning, and the protobuf encoder, which
   * writes backwards, puts them on the wire last to first.
   */
  static io.opentelemetry.proto.trace.v1.Span inKeyOrder(io.opentelemetry.proto.trace.v1.Span span) {
    return span.toBuilder().clearAttributes().addAllAttributes(span.getAttributesList().stream()
        .sorted(Comparator.comparing(KeyValue::getKey)).toList()).build();
  }

  static Map<String, AnyValue> attributes(List<KeyValue> keyValues) {
    Map<String, AnyValue> result = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      assertThat(result.put(keyValue.getKey(), keyValue.getValue())).as("duplicate " + keyValue.getKey()).isNull();
    }
    return result;
  }

  static AnyValue string(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
  }

  static AnyValue integer(long value) {
    return AnyValue.newBuilder().setIntValue(value).build();
  }

  static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
