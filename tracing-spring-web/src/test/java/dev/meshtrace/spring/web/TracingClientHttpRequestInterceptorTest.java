package dev.meshtrace.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.propagation.MapCarrier;
import dev.meshtrace.sampling.Sampler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.client.ResourceAccessException;

/** RestClient and RestTemplate against a real MockWebServer on loopback: headers received, spans recorded. */
class TracingClientHttpRequestInterceptorTest {
  static final String INBOUND_TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String INBOUND_REQUEST_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final MockWebServer server = new MockWebServer();
  Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(spans).build();
  TracingClientHttpRequestInterceptor interceptor =
      TracingClientHttpRequestInterceptor.create(HttpTracing.create(tracing));

  @BeforeEach
  void startServer() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  Span inboundServerSpan() {
    TraceContext extracted = tracing.propagation().extract(Map.of(
        "x-b3-traceid", INBOUND_TRACE_ID, "x-b3-spanid", "a2fb4a1d1a96d312", "x-b3-sampled", "1",
        "x-request-id", INBOUND_REQUEST_ID), MapCarrier.GETTER);
    return tracing.tracer().serverSpan(extracted, tracing.sampler()).name("GET /reviews/{id}").start();
  }

  RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest request = server.takeRequest(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(request).as("request received by the server").isNotNull();
    return request;
  }

  static String single(RecordedRequest request, String name) {
    List<String> values = request.getHeaders().values(name);
    assertThat(values).as("values of %s", name).hasSizeLessThanOrEqualTo(1);
    return values.isEmpty() ? null : values.get(0);
  }

  MutableSpan onlySpan() {
    List<MutableSpan> finished = spans.awaitSpans(1, WAIT);
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  @ParameterizedTest
  @EnumSource(SpringClient.class)
  void sendsTheChildSpansHeadersAndRecordsTheExchange(SpringClient kind) throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"stars\":4}").build());
    Span parent = inboundServerSpan();
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      assertThat(kind.create(interceptor).send(uri("/ratings/7?x=1"))).isEqualTo(200);
    }

    MutableSpan span = onlySpan();
    RecordedRequest received = takeRequest();
    assertThat(span.parentId()).isEqualTo(parent.context().spanId());
    assertThat(single(received, "x-b3-traceid")).isEqualTo(INBOUND_TRACE_ID);
    assertThat(single(received, "x-b3-spanid")).isEqualTo(span.spanIdString());
    assertThat(single(received, "x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
    assertThat(single(received, "x-b3-sampled")).isEqualTo("1");
    assertThat(single(received, "traceparent"))
        .isEqualTo("00-" + INBOUND_TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(single(received, "x-request-id")).isEqualTo(INBOUND_REQUEST_ID);
    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.name()).isEqualTo("GET");
    assertThat(span.tag(HttpTags.PATH)).isEqualTo("/ratings/7");
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    assertThat(span.tag(HttpTags.ERROR)).isNull();
    assertThat(span.remoteIp()).isEqualTo("127.0.0.1");
    assertThat(span.remotePort()).isEqualTo(server.getPort());
  }

  @ParameterizedTest
  @EnumSource(SpringClient.class)
  void replacesTraceHeadersTheApplicationSetAndKeepsItsOtherHeaders(SpringClient kind) throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    Span parent = inboundServerSpan();
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      kind.create(interceptor).send(uri("/"), Map.of(
          "X-B3-TraceId", "00000000000000000000000000000bad",
          "Traceparent", "00-00000000000000000000000000000bad-0000000000000bad-00",
          "X-Request-Id", "set-by-the-application",
          "x-app", "kept"));
    }

    MutableSpan span = onlySpan();
    RecordedRequest received = takeRequest();
    assertThat(single(received, "x-b3-traceid")).isEqualTo(INBOUND_TRACE_ID);
    assertThat(single(received, "traceparent"))
        .isEqualTo("00-" + INBOUND_TRACE_ID + "-" + span.spanIdString() + "-01");
    assertThat(single(received, "x-request-id")).isEqualTo(INBOUND_REQUEST_ID);
    assertThat(single(received, "x-app")).isEqualTo("kept");
  }

  static Stream<Arguments> errorStatuses() {
    return Stream.of(SpringClient.values())
        .flatMap(kind -> Stream.of(Arguments.of(kind, 404), Arguments.of(kind, 503)));
  }

  @ParameterizedTest
  @MethodSource("errorStatuses")
  void statusesFrom400AreErrors(SpringClient kind, int status) {
    server.enqueue(new MockResponse.Builder().code(status).build());
    assertThat(kind.create(interceptor).send(uri("/ratings/0"))).isEqualTo(status);

    MutableSpan span = onlySpan();
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo(Integer.toString(status));
    assertThat(span.tag(HttpTags.ERROR)).isEqualTo(Integer.toString(status));
  }

  @ParameterizedTest
  @EnumSource(SpringClient.class)
  void aRefusedConnectionLeavesAnErrorSpanUnderTheCaller(SpringClient kind) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Span parent = inboundServerSpan();
    Throwable thrown;
    try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
      URI refused = URI.create("http://127.0.0.1:" + closedPort + "/");
      thrown = catchThrowable(() -> kind.create(interceptor).send(refused));
    }

    assertThat(thrown).isInstanceOf(ResourceAccessException.class);
    MutableSpan span = onlySpan();
    assertThat(span.parentId()).isEqualTo(parent.context().spanId());
    assertThat(span.error()).isInstanceOf(IOException.class).isSameAs(thrown.getCause());
    assertThat(span.tag(HttpTags.ERROR)).isNotBlank();
    assertThat(span.tag(HttpTags.STATUS_CODE)).isNull();
  }

  @ParameterizedTest
  @EnumSource(SpringClient.class)
  void aConnectionClosedBeforeTheResponseEndsTheExchangeWithAnError(SpringClient kind) {
    // Two, as HttpURLConnection may retry a GET once on a fresh connection, inside the one exchange.
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    Throwable thrown = catchThrowable(() -> kind.create(interceptor).send(uri("/ratings/0")));

    assertThat(thrown).isInstanceOf(ResourceAccessException.class);
    MutableSpan span = onlySpan();
    assertThat(span.error()).isSameAs(thrown.getCause());
  }

  @ParameterizedTest
  @EnumSource(SpringClient.class)
  void anUnsampledRequestSendsTheDecisionAndRecordsNothing(SpringClient kind) throws Exception {
    tracing = Tracing.newBuilder().sampler(Sampler.NEVER).addSpanHandler(spans).build();
    interceptor = TracingClientHttpRequestInterceptor.create(HttpTracing.create(tracing));
    server.enqueue(new MockResponse.Builder().build());
    kind.create(interceptor).send(uri("/"));

    RecordedRequest received = takeRequest();
    assertThat(single(received, "x-b3-sampled")).isEqualTo("0");
    assertThat(received.getHeaders().get("x-b3-traceid")).isNull();
    assertThat(received.getHeaders().get("traceparent")).isNull();
    assertThat(spans.spans()).isEmpty();
  }

  @Test
  void aRestClientCallOnAWrappedExecutorServiceIsAChildOfTheSubmitter() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ExecutorService traced = tracing.currentTraceContext().executorService(pool);
      SpringClient.Get get = SpringClient.REST_CLIENT.create(interceptor);
      server.enqueue(new MockResponse.Builder().build());
      server.enqueue(new MockResponse.Builder().build());
      Span parent = inboundServerSpan();
      Future<Integer> submitted;
      CompletableFuture<Integer> supplied;
      try (Scope scope = tracing.tracer().withSpanInScope(parent)) {
        submitted = traced.submit(() -> get.send(uri("/details/0")));
        supplied = CompletableFuture.supplyAsync(() -> get.send(uri("/reviews/0")), traced);
      }

      assertThat(submitted.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(supplied.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(spans.awaitSpans(2, WAIT))
          .allSatisfy(span -> assertThat(span.parentId()).isEqualTo(parent.context().spanId()))
          .extracting(span -> span.tag(HttpTags.PATH)).containsExactlyInAnyOrder("/details/0", "/reviews/0");
      assertThat(single(takeRequest(), "x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
      assertThat(single(takeRequest(), "x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
    } finally {
      pool.shutdownNow();
    }
  }
}
