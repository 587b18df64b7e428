package dev.meshtrace.spring.webflux;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.http.HttpServerHandler;
import dev.meshtrace.http.HttpTracing;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * A server span for every request a WebFlux application serves (Reactor Netty or a servlet container), continuing
 * the inbound trace context, with that context carried through the request's reactive chain: in its Reactor
 * {@code Context} under {@link ReactorTraceContext#KEY} (where {@link TracingExchangeFilterFunction} finds it), and
 * current on the thread that subscribes the chain, so code run as the handler is subscribed sees it as
 * {@code tracer.currentContext()}. Where the chain hops threads, the thread sees it only with Reactor's automatic
 * context propagation (see {@link ReactorTraceContext#registerContextPropagation}).
 *
 * <pre>{@code
 * WebHttpHandlerBuilder.webHandler(handler).filter(TracingWebFilter.create(httpTracing)).build();
 * }</pre>
 *
 * <p>The span ends when the chain completes (the response written), fails, or is cancelled (the client went away),
 * once. Ordered first ({@link Ordered#HIGHEST_PRECEDENCE}) so every other filter runs inside the span.
 */
public final class TracingWebFilter implements WebFilter, Ordered {
  private final HttpServerHandler handler;
  private final CurrentTraceContext currentTraceContext;

  private TracingWebFilter(HttpTracing httpTracing) {
    this.handler = HttpServerHandler.create(httpTracing);
    this.currentTraceContext = httpTracing.tracing().currentTraceContext();
  }

  /** A filter with {@code httpTracing}'s settings. */
  public static TracingWebFilter create(HttpTracing httpTracing) {
    return new TracingWebFilter(Objects.requireNonNull(httpTracing, "httpTracing"));
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    WebFluxServerRequest request = new WebFluxServerRequest(exchange.getRequest());
    Span span = handler.handleReceive(request);
    TraceContext context = span.context();
    Mono<Void> handled;
    try (Scope scope = currentTraceContext.newScope(context)) {
      handled = new SubscribeInScope<>(chain.filter(exchange), currentTraceContext, context);
    }
    if (!span.isNoop()) {
      Outcome outcome = new Outcome(handler, request, exchange, span);
      handled = handled.doOnSuccess(ignored -> outcome.end(null))
          .doOnError(outcome::end)
          .doOnCancel(() -> outcome.end(new CancellationException("cancelled")));
    }
    return handled.contextWrite(reactorContext -> reactorContext.put(ReactorTraceContext.KEY, context));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public String toString() {
    return "TracingWebFilter";
  }

  /** Subscribes its source with the request's context current on the subscribing thread. */
  private static final class SubscribeInScope<T> extends MonoOperator<T, T> {
    private final CurrentTraceContext currentTraceContext;
    private final TraceContext context;

    SubscribeInScope(Mono<? extends T> source, CurrentTraceContext currentTraceContext, TraceContext context) {
      super(source);
      this.currentTraceContext = currentTraceContext;
      this.context = context;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
      try (Scope scope = currentTraceContext.maybeScope(context)) {
        source.subscribe(actual);
      }
    }
  }

  /** Ends the request's span on the first of its chain's signals. */
  private static final class Outcome {
    private final HttpServerHandler handler;
    private final WebFluxServerRequest request;
    private final ServerWebExchange exchange;
    private final Span span;
    private final AtomicBoolean ended = new AtomicBoolean();

    Outcome(HttpServerHandler handler, WebFluxServerRequest request, ServerWebExchange exchange, Span span) {
      this.handler = handler;
      this.request = request;
      this.exchange = exchange;
      this.span = span;
    }

    void end(Throwable error) {
      if (ended.compareAndSet(false, true)) {
        handler.handleSend(new WebFluxServerResponse(request, exchange, error), span);
      }
    }
  }
}
