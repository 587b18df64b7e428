package dev.meshtrace.jdk.httpclient;

import static dev.meshtrace.http.conformance.ConformanceHeaders.SPAN_ID;
import static dev.meshtrace.http.conformance.ConformanceHeaders.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.LoopbackHttpServer;
import dev.meshtrace.http.conformance.RecordedRequest;
import dev.meshtrace.propagation.MapCarrier;
import dev.meshtrace.propagation.Propagation;
import java.net.Authenticator;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is particular to the JDK client: HTTP/2, refused headers, asynchronous stages, the wrapper itself. */
class TracingHttpClientTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final ExecutorService executor = Executors.newSingleThreadExecutor();
  Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(spans).build();
  HttpTracing httpTracing = HttpTracing.create(tracing);
  LoopbackHttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new LoopbackHttpServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    executor.shutdownNow();
  }

  Span inbound(Map<String, String> headers) {
    TraceContext extracted = tracing.propagation().extract(headers, MapCarrier.GETTER);
    return tracing.tracer().serverSpan(extracted, tracing.sampler()).start();
  }

  @Test
  void http2RequestsOverH2cCarryTheHeadersOnceEach() throws Exception {
    List<HttpFields> received = new CopyOnWriteArrayList<>();
    Server jetty = new Server();
    HttpConfiguration config = new HttpConfiguration();
    ServerConnector connector =
        new ServerConnector(jetty, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        received.add(request.getHeaders().asImmutable());
        response.setStatus(200);
        Content.Sink.write(response, true, "ok", callback);
        return true;
      }
    });
    jetty.start();
    try {
      HttpClient client = TracingHttpClient.create(httpTracing,
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build());
      Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1"));
      HttpResponse<String> first;
      HttpResponse<String> second;
      try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
        HttpRequest request = HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/ratings/1")).build();
        first = client.send(request, HttpResponse.BodyHandlers.ofString());
        second = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
      List<MutableSpan> recorded = spans.awaitSpans(2, WAIT);
      assertThat(recorded).extracting(MutableSpan::parentId).containsOnly(parent.context().spanId());
      assertThat(received).hasSize(2);
      for (int i = 0; i < 2; i++) {
        String spanId = recorded.get(i).spanIdString();
        assertThat(received.get(i).getValuesList("b3"))
            .containsExactly(TRACE_ID + "-" + spanId + "-1-" + parent.context().spanIdString());
        assertThat(received.get(i).getValuesList("x-b3-spanid")).containsExactly(spanId);
        assertThat(received.get(i).getValuesList("traceparent")).hasSize(1);
      }
    } finally {
      jetty.stop();
    }
  }

  @Test
  void aHeaderTheJdkRefusesIsLeftOutAndCountedAndTheRequestStillGoesOut() throws Exception {
    tracing = Tracing.newBuilder()
        .propagation(Propagation.newBuilder().addForwardHeader("upgrade").addForwardHeader("host")
            .addForwardHeader("x-city").build())
        .addSpanHandler(spans).build();
    TracingHttpClient client = (TracingHttpClient) TracingHttpClient.create(HttpTracing.create(tracing),
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1", "upgrade", "websocket",
        "host", "reviews.example", "baggage", "tenant=blue", "x-city", "Z\u00fcrich")); // the JDK would send Z?rich
    int status;
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      status = client.send(HttpRequest.newBuilder(server.uri("/")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode();
    }

    assertThat(status).isEqualTo(200);
    assertThat(client.refusedHeaders()).isEqualTo(3);
    RecordedRequest received = server.takeRequest(WAIT);
    assertThat(received.single("upgrade")).isNull();
    assertThat(received.singleRaw("x-city")).isNull();
    assertThat(received.single("host")).isEqualTo("127.0.0.1:" + server.port());
    assertThat(received.single("baggage")).isEqualTo("tenant=blue");
    assertThat(received.single("b3")).startsWith(TRACE_ID + "-");
    assertThat(spans.awaitSpans(1, WAIT).get(0).tag(HttpTags.STATUS_CODE)).isEqualTo("200");
  }

  @Test
  void asyncStagesGivenNoExecutorRunUnderTheCallersContextAndLeaveNoneBehind() throws Exception {
    HttpClient client = TracingHttpClient.create(httpTracing, HttpClient.newBuilder().executor(executor).build());
    Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1"));
    AtomicReference<TraceContext> seen = new AtomicReference<>();
    CompletableFuture<Integer> chained;
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      chained = client.sendAsync(HttpRequest.newBuilder(server.uri("/held")).build(),
              HttpResponse.BodyHandlers.ofString())
          .thenApplyAsync(HttpResponse::statusCode)
          .thenComposeAsync(code -> {
            seen.set(tracing.currentTraceContext().get());
            return CompletableFuture.completedFuture(code);
          });
    }
    server.takeRequest(WAIT);
    server.release();

    assertThat(chained.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(200);
    assertThat(seen.get()).isEqualTo(parent.context());
    assertThat(executor.submit(() -> tracing.currentTraceContext().get()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isNull();
  }

  @Test
  void aCallWithAPushPromiseHandlerIsTracedAndThePromiseHandledUnderTheCallersContext() throws Exception {
    HttpClient client = TracingHttpClient.create(httpTracing, HttpClient.newHttpClient());
    AtomicReference<TraceContext> seenByHandler = new AtomicReference<>();
    HttpResponse.PushPromiseHandler<String> application =
        (initiating, pushed, acceptor) -> seenByHandler.set(tracing.currentTraceContext().get());
    Span parent = inbound(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1"));
    CompletableFuture<HttpResponse<String>> sent;
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      sent = client.sendAsync(HttpRequest.newBuilder(server.uri("/")).build(), HttpResponse.BodyHandlers.ofString(),
          application);
    }
    assertThat(sent.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).statusCode()).isEqualTo(200);
    assertThat(spans.awaitSpans(1, WAIT).get(0).parentId()).isEqualTo(parent.context().spanId());

    // No server here pushes, so the wrapper is handed a promise the way the JDK hands it one: on its own thread.
    HttpResponse.PushPromiseHandler<String> wrapped =
        new CallerContextPushPromiseHandler<>(application, tracing.currentTraceContext(), parent.context());
    HttpRequest promise = HttpRequest.newBuilder(server.uri("/pushed")).build();
    Thread jdkThread = new Thread(() -> wrapped.applyPushPromise(promise, promise, handler -> null));
    jdkThread.start();
    jdkThread.join(WAIT.toMillis());
    assertThat(seenByHandler.get()).isEqualTo(parent.context());
  }

  @Test
  void wrappingIsIdempotentAndTheSettingsAreTheWrappedClients() {
    HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS)
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).executor(executor).build();
    HttpClient traced = TracingHttpClient.create(httpTracing, plain);

    assertThat(TracingHttpClient.create(httpTracing, traced)).isSameAs(traced);
    assertThat(((TracingHttpClient) traced).delegate()).isSameAs(plain);
    assertThat(traced.followRedirects()).isEqualTo(HttpClient.Redirect.ALWAYS);
    assertThat(traced.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(traced.connectTimeout()).contains(Duration.ofSeconds(3));
    assertThat(traced.executor()).containsSame(executor);
    assertThat(traced).hasToString("TracingHttpClient(" + plain + ")");
  }

  @Test
  void theWrappedClientsCookiesProxyAuthenticatorAndTlsAreVisibleThroughTheTracedOne() throws Exception {
    CookieManager cookies = new CookieManager();
    ProxySelector proxy = ProxySelector.of(new InetSocketAddress("127.0.0.1", server.port()));
    Authenticator authenticator = new Authenticator() {};
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, null, null);
    SSLParameters parameters = new SSLParameters(new String[0], new String[] {"TLSv1.3"});
    HttpClient plain = HttpClient.newBuilder().cookieHandler(cookies).proxy(proxy).authenticator(authenticator)
        .sslContext(tls).sslParameters(parameters).build();
    HttpClient traced = TracingHttpClient.create(httpTracing, plain);

    assertThat(traced.cookieHandler()).containsSame(cookies);
    assertThat(traced.proxy()).containsSame(proxy);
    assertThat(traced.authenticator()).containsSame(authenticator);
    assertThat(traced.sslContext()).isSameAs(tls);
    assertThat(traced.sslParameters().getProtocols()).containsExactly("TLSv1.3");
    assertThat(traced.newWebSocketBuilder()).as("a WebSocket of the wrapped client").isNotNull();
  }

  @Test
  void onJdkBefore21TheLifecycleMethodsDoWhatAClientWithoutOneWould() throws Exception {
    assumeTrue(Runtime.version().feature() < 21, "HttpClient has a lifecycle from JDK 21");
    TracingHttpClient traced = (TracingHttpClient) TracingHttpClient.create(httpTracing, HttpClient.newHttpClient());
    traced.shutdown();
    traced.shutdownNow();
    traced.close();

    assertThat(traced.isTerminated()).isFalse();
    assertThat(traced.awaitTermination(Duration.ofMillis(1))).isFalse();
  }

  @Test
  void cancellingTheCallersFutureCancelsTheCallAndFinishesItsSpan() throws Exception {
    HttpClient client = TracingHttpClient.create(httpTracing, HttpClient.newHttpClient());
    CompletableFuture<HttpResponse<String>> held =
        client.sendAsync(HttpRequest.newBuilder(server.uri("/held")).build(), HttpResponse.BodyHandlers.ofString());
    server.takeRequest(WAIT);

    assertThat(held.cancel(true)).isTrue();
    assertThat(held).isCancelled();
    MutableSpan span = awaitOneSpan();
    assertThat(span.tag("error")).as("the cancellation, or the IOException it caused").containsIgnoringCase("cancel");

    CompletableFuture<HttpResponse<String>> done =
        client.sendAsync(HttpRequest.newBuilder(server.uri("/done")).build(), HttpResponse.BodyHandlers.ofString());
    done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.cancel(true)).as("a call already answered is not cancelled").isFalse();
  }

  MutableSpan awaitOneSpan() throws InterruptedException {
    for (int i = 0; i < 2000 && spans.spans().isEmpty(); i++) Thread.sleep(5);
    assertThat(spans.spans()).hasSize(1);
    return spans.spans().get(0);
  }

  @Test
  void onJdk21AndLaterClosingTheTracedClientClosesTheWrappedOne() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "HttpClient has a lifecycle from JDK 21");
    HttpClient plain = HttpClient.newHttpClient();
    TracingHttpClient traced = (TracingHttpClient) TracingHttpClient.create(httpTracing, plain);
    traced.close();

    assertThat(HttpClient.class.getMethod("isTerminated").invoke(plain)).isEqualTo(true);
    assertThat(traced.isTerminated()).isTrue();
  }
}
