package dev.meshtrace.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orphans.webflux.RatingsLookup;
import dev.meshtrace.Tracing;
import dev.meshtrace.diagnostics.OrphanCallCount;
import dev.meshtrace.diagnostics.OrphanCallSite;
import dev.meshtrace.diagnostics.ThreadKind;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.LoopbackHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;

/**
 * A reactive chain that loses the context, on Reactor Netty: the handler blocks on a {@code WebClient} call from
 * {@code boundedElastic}, a subscription outside the request's chain. The call is an orphan call, reported with the
 * application frame and the Reactor fix; the same call made inside the chain is not.
 */
class ReactiveOrphanCallsTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";

  final HttpClient caller = HttpClient.newHttpClient();
  Tracing tracing;
  LoopbackHttpServer downstream;
  DisposableServer server;

  @BeforeEach
  void start() throws Exception {
    downstream = new LoopbackHttpServer();
    tracing = Tracing.newBuilder().serviceName("productpage").build();
    HttpTracing httpTracing = HttpTracing.create(tracing);
    WebClient client = WebClient.builder().filter(TracingExchangeFilterFunction.create(httpTracing)).build();
    URI ratings = downstream.uri("/ratings/7");
    RouterFunction<ServerResponse> routes = RouterFunctions.route()
        .GET("/in-chain", request -> client.get().uri(ratings).retrieve().toBodilessEntity()
            .flatMap(entity -> ServerResponse.ok().bodyValue("kept")))
        .GET("/blocking", request -> Mono.fromCallable(() -> RatingsLookup.blockingLookup(client, ratings))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(status -> ServerResponse.ok().bodyValue("lost")))
        .build();
    server = reactor.netty.http.server.HttpServer.create().host("127.0.0.1").port(0)
        .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes,
            HandlerStrategies.builder().webFilter(TracingWebFilter.create(httpTracing)).build())))
        .bindNow();
  }

  @AfterEach
  void stop() throws Exception {
    server.disposeNow();
    downstream.close();
  }

  String traceIdDownstream(String path) throws Exception {
    HttpResponse<String> response = caller.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("b3", TRACE_ID + "-a2fb4a1d1a96d312-1").timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return downstream.takeRequest(WAIT).single("x-b3-traceid");
  }

  @Test
  void aCallBlockedOnOutsideTheRequestsChainIsAnOrphanCallWithTheReactorFix() throws Exception {
    assertThat(traceIdDownstream("/in-chain")).isEqualTo(TRACE_ID);
    assertThat(tracing.diagnostics().orphanCalls()).isEmpty();

    assertThat(traceIdDownstream("/blocking")).as("the trace broke").isNotEqualTo(TRACE_ID);

    assertThat(tracing.diagnostics().orphanCalls())
        .containsExactly(new OrphanCallCount("spring-webflux", "127.0.0.1:" + downstream.port(), 1));
    OrphanCallSite site = tracing.diagnostics().callSites().get(0);
    assertThat(site.location()).startsWith("com.example.orphans.webflux.RatingsLookup.blockingLookup(");
    assertThat(site.frameworks()).contains("Reactor");
    assertThat(site.threadKind()).isEqualTo(ThreadKind.POOLED);
    assertThat(site.thread()).startsWith("boundedElastic-");
    assertThat(site.fix()).contains("reactive chain").contains("ReactorTraceContext.registerContextPropagation");
  }
}
