package dev.meshtrace.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TestServletApp} with a {@link TracingFilter} on a real servlet container, over real HTTP on loopback: the
 * spans that reach the collector and the headers that reach a downstream server called while handling a request.
 * A subclass names the container.
 */
abstract class ServletFixture {
  static final String CONTEXT_PATH = ServletContainer.CONTEXT_PATH;
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String SPAN_ID = "a2fb4a1d1a96d312";
  static final String REQUEST_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
  static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir Path baseDir;
  ServletContainer container;
  MockWebServer downstream;
  TestServletApp app;
  int port;

  /** The container this test runs on. */
  abstract ServletContainer.Kind containerKind();

  @BeforeEach
  void startServers() throws Exception {
    container = containerKind().create(baseDir);
    downstream = new MockWebServer();
    downstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).body("downstream").build();
      }
    });
    downstream.start(InetAddress.getLoopbackAddress(), 0);
    deploy(http -> http, filter -> filter);
  }

  /** (Re)deploys the app with a tracing filter configured by the given functions. */
  void deploy(UnaryOperator<HttpTracing.Builder> http, UnaryOperator<TracingFilter.Builder> filter)
      throws Exception {
    deploy(tracing -> tracing, http, filter);
  }

  /**
   * (Re)deploys the app with tracing configured by the given functions; the tracing reports to {@link #spans}
   * after any handler {@code tracing} adds.
   */
  void deploy(UnaryOperator<Tracing.Builder> tracing, UnaryOperator<HttpTracing.Builder> http,
      UnaryOperator<TracingFilter.Builder> filter) throws Exception {
    if (app != null) stopApp();
    Tracing configured = tracing.apply(Tracing.newBuilder().serviceName("frontend")).addSpanHandler(spans).build();
    TracingFilter tracingFilter =
        filter.apply(TracingFilter.newBuilder(http.apply(HttpTracing.newBuilder(configured)).build())).build();
    app = new TestServletApp(tracingFilter, configured, downstream.url("/next").uri());
    port = container.start(app);
  }

  @AfterEach
  void stopServers() throws Exception {
    stopApp();
    downstream.close();
  }

  private void stopApp() throws Exception {
    app.close();
    container.stop();
    app = null;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CONTEXT_PATH + path)).timeout(WAIT);
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = request(path);
    if (headers.length > 0) request.headers(headers);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  MutableSpan onlyServerSpan() {
    List<MutableSpan> finished = spans.awaitSpans(1, WAIT);
    assertThat(finished).hasSize(1);
    MutableSpan span = finished.get(0);
    assertThat(span.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.localServiceName()).isEqualTo("frontend");
    return span;
  }

  Headers downstreamHeaders() throws InterruptedException {
    RecordedRequest request = downstream.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(request).as("a downstream call").isNotNull();
    return request.getHeaders();
  }

  /** Proves that earlier requests reported no span: a traced request afterwards is the only one reported. */
  void assertNothingElseReported() throws Exception {
    get("/hello");
    assertThat(onlyServerSpan().tag(HttpTags.PATH)).isEqualTo(CONTEXT_PATH + "/hello");
  }
}
