package dev.meshtrace.spring.webflux;

import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpTracing;
import java.net.URI;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The WebFlux application under test, as functional routes behind a {@link TracingWebFilter}: the routes the server
 * conformance suite asks for. Its downstream calls carry the request's context as read from the Reactor
 * {@code Context} (no client span), so the suite sees the server span's own headers at the next hop; with
 * {@code /async-downstream} that context has crossed a {@code publishOn} to another thread.
 */
final class WebFluxTestApp {
  private WebFluxTestApp() {}

  static HttpHandler httpHandler(HttpTracing httpTracing, URI downstream) {
    Tracing tracing = httpTracing.tracing();
    WebClient client = WebClient.builder().filter(contextFromReactor(tracing)).build();
    Mono<Integer> callDownstream = client.get().uri(downstream).retrieve().toBodilessEntity()
        .map(entity -> entity.getStatusCode().value());
    RouterFunction<ServerResponse> routes = RouterFunctions.route()
        .GET("/hello", request -> ServerResponse.ok().bodyValue("hello"))
        .GET("/status/{code}", request ->
            ServerResponse.status(Integer.parseInt(request.pathVariable("code"))).bodyValue("status"))
        .GET("/fail", request -> Mono.error(new IllegalStateException("boom")))
        .GET("/downstream", request ->
            callDownstream.flatMap(status -> ServerResponse.ok().bodyValue("downstream " + status)))
        .GET("/async-downstream", request -> Mono.just(request)
            .publishOn(Schedulers.boundedElastic())
            .flatMap(onAnotherThread -> callDownstream)
            .flatMap(status -> ServerResponse.accepted().bodyValue("downstream " + status)))
        .build();
    HandlerStrategies strategies =
        HandlerStrategies.builder().webFilter(TracingWebFilter.create(httpTracing)).build();
    return RouterFunctions.toHttpHandler(routes, strategies);
  }

  /** Writes the Reactor {@code Context}'s trace context onto each request, as an untraced client would. */
  static ExchangeFilterFunction contextFromReactor(Tracing tracing) {
    return (request, next) -> Mono.deferContextual(view -> {
      ClientRequest.Builder outbound = ClientRequest.from(request);
      dev.meshtrace.TraceContext context = ReactorTraceContext.get(view, tracing);
      if (context != null) {
        tracing.propagation().inject(context, outbound,
            (builder, name, value) -> builder.headers(headers -> headers.set(name, value)));
      }
      return next.exchange(outbound.build());
    });
  }
}
