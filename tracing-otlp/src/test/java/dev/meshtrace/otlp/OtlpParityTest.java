package dev.meshtrace.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Tracing;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.ServiceAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * For the same request ({@code GET /reviews/7?lang=en} answered 503, calling {@code GET /ratings/7}), what meshtrace
 * exports against what the OpenTelemetry Java SDK's OTLP exporter sends for spans built with the stable HTTP
 * semantic conventions (attribute keys from {@code opentelemetry-semconv}): same kinds and status codes, the same
 * attribute names with the same value types, but for the extras listed here.
 */
class OtlpParityTest {
  /** Sent by meshtrace only: Envoy's request ID. */
  static final Map<Span.SpanKind, Set<String>> MESHTRACE_ONLY = Map.of(
      Span.SpanKind.SPAN_KIND_SERVER, Set.of("guid:x-request-id"),
      Span.SpanKind.SPAN_KIND_CLIENT, Set.of());

  @Test
  void namesKindsAndValueTypesMatchTheSdkExporters() throws Exception {
    Map<Span.SpanKind, Span> ours;
    Map<String, AnyValue> ourResource;
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      try (OtlpSpanHandler handler = OtlpSpanHandler.newBuilder().protocol(OtlpProtocol.HTTP_PROTOBUF)
          .endpoint(receiver.tracesUrl()).flushInterval(Duration.ofMillis(20)).build()) {
        Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(handler).build();
        try (TracedApp app = new TracedApp(tracing)) {
          assertThat(app.get("/reviews/7?lang=en", OtlpMappingTest.inboundHeaders())).isEqualTo(503);
        }
      }
      ours = byKind(receiver, "reviews", 3);
      ourResource = OtlpMappingTest.attributes(receiver.all().get(0).request().getResourceSpans(0).getResource()
          .getAttributesList());
    }

    Map<Span.SpanKind, Span> theirs;
    Map<String, AnyValue> theirResource;
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      sendWithTheSdk(receiver.tracesUrl());
      theirs = byKind(receiver, null, 2);
      theirResource = OtlpMappingTest.attributes(receiver.all().get(0).request().getResourceSpans(0).getResource()
          .getAttributesList());
    }

    assertThat(ours.keySet()).isEqualTo(theirs.keySet());
    for (Span.SpanKind kind : ours.keySet()) {
      Span mine = ours.get(kind);
      Span sdk = theirs.get(kind);
      assertThat(mine.getStatus().getCode()).as(kind + " status").isEqualTo(sdk.getStatus().getCode());
      Map<String, AnyValue> myAttributes = OtlpMappingTest.attributes(mine.getAttributesList());
      Map<String, AnyValue> sdkAttributes = OtlpMappingTest.attributes(sdk.getAttributesList());
      Set<String> notInSdk = new HashSet<>(myAttributes.keySet());
      notInSdk.removeAll(sdkAttributes.keySet());
      assertThat(notInSdk).as(kind + " attributes the SDK does not send").isEqualTo(MESHTRACE_ONLY.get(kind));
      assertThat(sdkAttributes.keySet()).as(kind + " attributes the SDK sends").isSubsetOf(myAttributes.keySet());
      for (String key : myAttributes.keySet()) {
        if (!sdkAttributes.containsKey(key)) continue;
        assertThat(myAttributes.get(key).getValueCase()).as(kind + " " + key)
            .isEqualTo(sdkAttributes.get(key).getValueCase());
      }
    }
    for (String key : List.of("service.name", "telemetry.sdk.name", "telemetry.sdk.language",
        "telemetry.sdk.version")) {
      assertThat(ourResource).containsKey(key);
      assertThat(theirResource).containsKey(key);
      assertThat(ourResource.get(key).getValueCase()).isEqualTo(theirResource.get(key).getValueCase());
    }
    assertThat(ourResource.get("service.name")).isEqualTo(theirResource.get("service.name"));
  }

  /** The spans received, the first of each kind (the outer server span is the last to arrive). */
  static Map<Span.SpanKind, Span> byKind(OtlpHttpReceiver receiver, String service, int count) {
    Map<Span.SpanKind, Span> result = new HashMap<>();
    int seen = 0;
    for (OtlpHttpReceiver.Received request : receiver.all()) {
      for (ResourceSpans resourceSpans : request.request().getResourceSpansList()) {
        for (Span span : resourceSpans.getScopeSpans(0).getSpansList()) {
          seen++;
          // The last server span is the outer one (the inner ratings span finishes first).
          result.put(span.getKind(), span);
        }
      }
    }
    assertThat(seen).as("spans received " + (service == null ? "from the SDK" : "from meshtrace")).isEqualTo(count);
    return result;
  }

  /** The same request's server and client spans as OpenTelemetry's HTTP instrumentation records them. */
  static void sendWithTheSdk(String tracesUrl) {
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl).build();
    try (SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(ServiceAttributes.SERVICE_NAME,
            "reviews"))))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      io.opentelemetry.api.trace.Tracer tracer = provider.get("parity");
      io.opentelemetry.api.trace.Span server = tracer.spanBuilder("GET /reviews/{id}")
          .setSpanKind(io.opentelemetry.api.trace.SpanKind.SERVER)
          .setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, "GET")
          .setAttribute(UrlAttributes.URL_SCHEME, "http")
          .setAttribute(UrlAttributes.URL_PATH, "/reviews/7")
          .setAttribute(UrlAttributes.URL_QUERY, "lang=en")
          .setAttribute(HttpAttributes.HTTP_ROUTE, "/reviews/{id}")
          .setAttribute(ServerAttributes.SERVER_ADDRESS, "127.0.0.1")
          .setAttribute(ServerAttributes.SERVER_PORT, 8080L)
          .setAttribute(ClientAttributes.CLIENT_ADDRESS, "127.0.0.1")
          .setAttribute(NetworkAttributes.NETWORK_PEER_ADDRESS, "127.0.0.1")
          .setAttribute(NetworkAttributes.NETWORK_PEER_PORT, 51234L)
          .setAttribute(UserAgentAttributes.USER_AGENT_ORIGINAL, "curl/8.5.0")
          .startSpan();
      io.opentelemetry.api.trace.Span client = tracer.spanBuilder("GET")
          .setParent(Context.root().with(server))
          .setSpanKind(io.opentelemetry.api.trace.SpanKind.CLIENT)
          .setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, "GET")
          .setAttribute(UrlAttributes.URL_FULL, "http://127.0.0.1:8080/ratings/7")
          .setAttribute(ServerAttributes.SERVER_ADDRESS, "127.0.0.1")
          .setAttribute(ServerAttributes.SERVER_PORT, 8080L)
          .setAttribute(NetworkAttributes.NETWORK_PEER_ADDRESS, "127.0.0.1")
          .setAttribute(NetworkAttributes.NETWORK_PEER_PORT, 8080L)
          .setAttribute(UserAgentAttributes.USER_AGENT_ORIGINAL, "okhttp/4.12.0") // opt-in for clients
          .setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L)
          .startSpan();
      client.end();
      server.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 503L);
      server.setAttribute(ErrorAttributes.ERROR_TYPE, "503");
      server.setStatus(StatusCode.ERROR);
      server.end();
    }
  }
}
