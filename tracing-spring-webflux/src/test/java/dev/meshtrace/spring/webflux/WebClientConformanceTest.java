package dev.meshtrace.spring.webflux;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.HttpClientConformance;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * A {@code WebClient} with {@link TracingExchangeFilterFunction} over Reactor Netty, held to the client conformance
 * suite. Asynchronous calls are subscribed the Reactor way, capturing the caller's context
 * ({@code contextCapture}, last before {@code subscribe}), with Reactor's automatic context propagation on: the
 * caller's context is then current in the chain's operators on Netty's threads, where the call completes.
 */
class WebClientConformanceTest extends HttpClientConformance {

  @BeforeAll
  static void automaticContextPropagation() {
    Hooks.enableAutomaticContextPropagation();
  }

  @AfterAll
  static void noAutomaticContextPropagation() {
    Hooks.disableAutomaticContextPropagation();
  }

  @Override
  protected TracedClient newClient(HttpTracing httpTracing, ClientSettings settings) {
    ReactorTraceContext.registerContextPropagation(httpTracing.tracing());
    reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create();
    if (settings.responseTimeout() != null) netty = netty.responseTimeout(settings.responseTimeout());
    WebClient client = WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(netty))
        .filter(TracingExchangeFilterFunction.create(httpTracing))
        .build();
    return new TracedClient() {
      @Override
      public int get(URI uri, Map<String, String> headers) {
        return exchange(client, uri, headers).block();
      }

      @Override
      public AsyncCall getAsync(URI uri, Map<String, String> headers) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Disposable call = exchange(client, uri, headers)
            .doOnNext(status::complete)
            .doOnError(status::completeExceptionally)
            .contextCapture()
            .subscribe(ignored -> { }, ignored -> { });
        return AsyncCall.of(status, () -> {
          call.dispose();
          status.cancel(false);
        });
      }
    };
  }

  private static Mono<Integer> exchange(WebClient client, URI uri, Map<String, String> headers) {
    return client.get().uri(uri).headers(h -> headers.forEach(h::set))
        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()));
  }

  @Override
  protected Redirects redirects() {
    return Redirects.RETURNED;
  }
}
