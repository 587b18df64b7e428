package dev.meshtrace.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.propagation.MapCarrier;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A traced OkHttp client against a real MockWebServer on loopback, with spans collected in memory. */
abstract class OkHttpTracingFixture {
  static final String INBOUND_TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String INBOUND_SPAN_ID = "a2fb4a1d1a96d312";
  static final String INBOUND_REQUEST_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final MockWebServer server = new MockWebServer();
  Tracing tracing;
  MeshtraceOkHttp okHttpTracing;
  OkHttpClient client;

  @BeforeEach
  void startServerAndClient() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    useTracing(Tracing.newBuilder().serviceName("productpage").addSpanHandler(spans).build());
  }

  /** Replaces the tracing (and the traced client) of this test. */
  void useTracing(Tracing newTracing) {
    useTracing(newTracing, http -> http);
  }

  /** Replaces the tracing (and the traced client) of this test, with HTTP settings configured by {@code http}. */
  void useTracing(Tracing newTracing, UnaryOperator<HttpTracing.Builder> http) {
    tracing = newTracing;
    okHttpTracing = MeshtraceOkHttp.create(http.apply(HttpTracing.newBuilder(tracing)).build());
    client = okHttpTracing.instrument(new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build());
  }

  @AfterEach
  void stopServerAndClient() throws IOException {
    client.dispatcher().executorService().shutdownNow();
    client.connectionPool().evictAll();
    server.shutdown();
  }

  /** {@code path} on the server, by IP so no name is resolved. */
  HttpUrl url(String path) {
    return HttpUrl.get("http://127.0.0.1:" + server.getPort() + path);
  }

  Request get(String path) {
    return new Request.Builder().url(url(path)).build();
  }

  /** Executes {@code request} and reads the whole response. */
  int execute(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      response.body().string();
      return response.code();
    }
  }

  RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest request = server.takeRequest(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(request).as("request received by the server").isNotNull();
    return request;
  }

  /** A sampled server span continuing the inbound B3 trace, as the servlet filter would start it. */
  Span inboundServerSpan() {
    TraceContext extracted = tracing.propagation().extract(Map.of(
        "X-B3-TraceId", INBOUND_TRACE_ID,
        "X-B3-SpanId", INBOUND_SPAN_ID,
        "X-B3-Sampled", "1",
        "x-request-id", INBOUND_REQUEST_ID), MapCarrier.GETTER);
    return tracing.tracer().serverSpan(extracted, tracing.sampler()).name("GET /productpage").start();
  }

  List<MutableSpan> clientSpans(int count) {
    List<MutableSpan> all = spans.awaitSpans(count, WAIT);
    return all.stream().filter(span -> span.kind() == SpanKind.CLIENT).toList();
  }

  /** The single value of header {@code name} the server received; fails when it came more than once. */
  static String single(RecordedRequest request, String name) {
    List<String> values = request.getHeaders().values(name);
    assertThat(values).as("values of %s", name).hasSizeLessThanOrEqualTo(1);
    return values.isEmpty() ? null : values.get(0);
  }
}
