package dev.meshtrace.spring.webflux;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.http.HttpClientHandler;
import dev.meshtrace.http.HttpTracing;
import java.util.Objects;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * A client span for each exchange a {@code WebClient} makes, child of the trace context in the subscriber's Reactor
 * {@code Context} (see {@link ReactorTraceContext}) or else of the one current on the subscribing thread, with the
 * trace and mesh headers written onto the request (replacing any the application set). Works with Spring Framework
 * 6.2 and 7, on any connector.
 *
 * <pre>{@code
 * WebClient webClient = WebClient.builder().filter(TracingExchangeFilterFunction.create(httpTracing)).build();
 * }</pre>
 *
 * <p>The span starts when the exchange is subscribed and ends when the response headers arrive, or with the error
 * that ended the exchange. Each subscription is an exchange, so {@code retry}/{@code retryWhen} give a span per
 * attempt. A cancelled exchange (a {@code timeout} operator, a {@code Mono.zip} partner failing, the caller
 * disposing) ends its span once, as an error whose message is {@code cancelled}. Add it as the last filter, so the
 * span sees the request as it leaves.
 */
public final class TracingExchangeFilterFunction implements ExchangeFilterFunction {
  private final HttpClientHandler handler;
  private final CurrentTraceContext currentTraceContext;

  private TracingExchangeFilterFunction(HttpTracing httpTracing) {
    this.handler = HttpClientHandler.create(httpTracing);
    this.currentTraceContext = httpTracing.tracing().currentTraceContext();
  }

  /** A filter with {@code httpTracing}'s settings; one instance can serve every client. */
  public static TracingExchangeFilterFunction create(HttpTracing httpTracing) {
    return new TracingExchangeFilterFunction(Objects.requireNonNull(httpTracing, "httpTracing"));
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.deferContextual(view -> {
      TraceContext parent = ReactorTraceContext.get(view, currentTraceContext);
      WebClientRequest adapter = new WebClientRequest(request);
      Span span = handler.handleSend(adapter, parent);
      Mono<ClientResponse> exchange = next.exchange(adapter.build());
      return span.isNoop() ? exchange : SpanEndingExchange.of(exchange, handler, adapter, span);
    });
  }

  @Override
  public String toString() {
    return "TracingExchangeFilterFunction";
  }
}
