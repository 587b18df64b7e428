package dev.meshtrace.spring.webflux;

import static dev.meshtrace.http.conformance.ConformanceHeaders.SPAN_ID;
import static dev.meshtrace.http.conformance.ConformanceHeaders.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.LoopbackHttpServer;
import dev.meshtrace.http.conformance.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.util.retry.Retry;

/**
 * A WebFlux handler calling downstream with a traced {@code WebClient} across the operators that move work between
 * threads: every client span is a child of its request's server span and carries its own headers, whatever thread
 * subscribed it; retries are attempts of their own; a cancelled call ends its span once.
 */
class ReactiveChainTracingTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final HttpClient caller = HttpClient.newHttpClient();
  final Map<String, TraceContext> seenOnThreads = new ConcurrentHashMap<>();
  Tracing tracing;
  LoopbackHttpServer downstream;
  DisposableServer server;

  @BeforeEach
  void start() throws Exception {
    downstream = new LoopbackHttpServer();
    tracing = Tracing.newBuilder().serviceName("productpage").addSpanHandler(spans).build();
    HttpTracing httpTracing = HttpTracing.create(tracing);
    WebClient client = WebClient.builder().filter(TracingExchangeFilterFunction.create(httpTracing)).build();
    RouterFunction<ServerResponse> routes = RouterFunctions.route()
        .GET("/zip", request -> Mono.zip(call(client, "/details"), call(client, "/reviews"))
            .flatMap(both -> ServerResponse.ok().bodyValue("both")))
        .GET("/fan-out", request -> Flux.just("/ratings/1", "/ratings/2", "/ratings/3")
            .flatMap(path -> call(client, path).subscribeOn(Schedulers.boundedElastic()))
            .then(ServerResponse.ok().bodyValue("all")))
        .GET("/hop", request -> Mono.just("/details")
            .publishOn(Schedulers.parallel())
            .doOnNext(ignored -> seenOnThreads.put("publishOn", orNone(tracing.currentTraceContext().get())))
            .flatMap(path -> call(client, path))
            .flatMap(status -> ServerResponse.ok().bodyValue("hopped")))
        .GET("/subscribed", request -> {
          seenOnThreads.put("handler", orNone(tracing.currentTraceContext().get()));
          return ServerResponse.ok().bodyValue("seen");
        })
        .GET("/retry", request -> client.get().uri(downstream.uri("/status/503")).retrieve().toBodilessEntity()
            .retryWhen(Retry.max(2))
            .onErrorResume(error -> Mono.empty())
            .then(ServerResponse.ok().bodyValue("gave up")))
        .GET("/timeout", request -> client.get().uri(downstream.uri("/held")).retrieve().toBodilessEntity()
            .timeout(Duration.ofMillis(200))
            .onErrorResume(error -> Mono.empty())
            .then(ServerResponse.ok().bodyValue("timed out")))
        .build();
    server = reactor.netty.http.server.HttpServer.create().host("127.0.0.1").port(0)
        .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes,
            HandlerStrategies.builder().webFilter(TracingWebFilter.create(httpTracing)).build())))
        .bindNow();
  }

  /** Stands for "no context" in the map, which takes no nulls. */
  static final TraceContext NONE = TraceContext.builder().build();

  static TraceContext orNone(TraceContext context) {
    return context == null ? NONE : context;
  }

  @AfterEach
  void stop() throws Exception {
    Hooks.disableAutomaticContextPropagation();
    server.disposeNow();
    downstream.close();
  }

  Mono<Integer> call(WebClient client, String path) {
    return client.get().uri(downstream.uri(path)).retrieve().toBodilessEntity()
        .map(entity -> entity.getStatusCode().value());
  }

  HttpResponse<String> get(String path) throws Exception {
    return caller.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("b3", TRACE_ID + "-" + SPAN_ID + "-1").timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The server span and {@code clients} client spans, once all are reported. */
  MutableSpan serverSpanWithClients(int clients, List<MutableSpan> clientSpans) {
    List<MutableSpan> all = spans.awaitSpans(clients + 1, WAIT);
    assertThat(all).hasSize(clients + 1);
    MutableSpan server = all.stream().filter(span -> span.kind() == SpanKind.SERVER).findFirst().orElseThrow();
    all.stream().filter(span -> span.kind() == SpanKind.CLIENT).forEach(clientSpans::add);
    assertThat(clientSpans).hasSize(clients).allSatisfy(span -> {
      assertThat(span.traceIdString()).isEqualTo(TRACE_ID);
      assertThat(span.parentId()).isEqualTo(server.spanId());
    });
    return server;
  }

  /** The requests downstream received, each carrying one of {@code clientSpans}' IDs, each a different one. */
  void assertEachRequestCarriesItsOwnSpan(List<MutableSpan> clientSpans) throws InterruptedException {
    List<String> carried = new ArrayList<>();
    for (int i = 0; i < clientSpans.size(); i++) {
      RecordedRequest request = downstream.takeRequest(WAIT);
      carried.add(request.single("x-b3-spanid"));
      assertThat(request.single("x-b3-traceid")).isEqualTo(TRACE_ID);
    }
    assertThat(carried).containsExactlyInAnyOrderElementsOf(
        clientSpans.stream().map(MutableSpan::spanIdString).toList());
  }

  @Test
  void twoCallsZippedAreTwoClientSpansUnderTheServerSpanEachWithItsOwnHeaders() throws Exception {
    assertThat(get("/zip").statusCode()).isEqualTo(200);

    List<MutableSpan> clients = new ArrayList<>();
    serverSpanWithClients(2, clients);
    assertThat(clients).extracting(span -> span.tag(HttpTags.PATH)).containsExactlyInAnyOrder("/details", "/reviews");
    assertEachRequestCarriesItsOwnSpan(clients);
  }

  @Test
  void callsFannedOutOnBoundedElasticThreadsKeepTheServerSpanAsParent() throws Exception {
    assertThat(get("/fan-out").statusCode()).isEqualTo(200);

    List<MutableSpan> clients = new ArrayList<>();
    serverSpanWithClients(3, clients);
    assertEachRequestCarriesItsOwnSpan(clients);
  }

  @Test
  void withoutAutomaticPropagationTheContextIsCurrentWhereTheHandlerIsSubscribedAndInTheReactorContext()
      throws Exception {
    get("/subscribed");
    get("/hop");

    spans.awaitSpans(3, WAIT);
    assertThat(seenOnThreads.get("handler").traceIdString()).isEqualTo(TRACE_ID);
    assertThat(seenOnThreads.get("publishOn")).as("a thread the chain hopped to").isSameAs(NONE);
    assertThat(spans.spans(span -> span.kind() == SpanKind.CLIENT)).singleElement()
        .satisfies(span -> assertThat(span.traceIdString()).isEqualTo(TRACE_ID));
  }

  @Test
  void withAutomaticPropagationTheContextIsCurrentWhereverTheChainHops() throws Exception {
    Hooks.enableAutomaticContextPropagation();
    ReactorTraceContext.registerContextPropagation(tracing);
    get("/hop");

    List<MutableSpan> clients = new ArrayList<>();
    MutableSpan server = serverSpanWithClients(1, clients);
    assertThat(seenOnThreads.get("publishOn").spanId()).isEqualTo(server.spanId());
  }

  @Test
  void eachRetryIsAnAttemptWithItsOwnSpan() throws Exception {
    assertThat(get("/retry").statusCode()).isEqualTo(200);

    List<MutableSpan> clients = new ArrayList<>();
    serverSpanWithClients(3, clients);
    assertThat(clients).allSatisfy(span -> assertThat(span.tag(HttpTags.ERROR)).isEqualTo("503"));
    assertEachRequestCarriesItsOwnSpan(clients);
  }

  @Test
  void aCallCancelledByATimeoutEndsItsSpanOnceAsCancelled() throws Exception {
    assertThat(get("/timeout").statusCode()).isEqualTo(200);

    List<MutableSpan> clients = new ArrayList<>();
    serverSpanWithClients(1, clients);
    assertThat(clients.get(0).tag(HttpTags.ERROR)).isEqualTo("cancelled");
    downstream.release();
    get("/subscribed");
    assertThat(spans.awaitSpans(3, WAIT)).hasSize(3);
  }
}
