package dev.meshtrace.spring.webflux;

import dev.meshtrace.Span;
import dev.meshtrace.http.HttpClientHandler;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.util.context.Context;

/**
 * An exchange that ends its client span on the first of its signals: the response (or completion without one), an
 * error, or cancellation, which ends it as an error whose message is {@code cancelled}. Every signal is passed on
 * unchanged, after the span has ended (the client handler does not throw). One operator where {@code doOnSuccess},
 * {@code doOnError} and {@code doOnCancel} would be three, each with its own subscriber per exchange.
 */
final class SpanEndingExchange extends MonoOperator<ClientResponse, ClientResponse> {
  private final HttpClientHandler handler;
  private final WebClientRequest request;
  private final Span span;

  /** {@code exchange}, ending {@code span} on its first signal; Reactor's assembly hooks see the operator. */
  static Mono<ClientResponse> of(Mono<ClientResponse> exchange, HttpClientHandler handler, WebClientRequest request,
      Span span) {
    return onAssembly(new SpanEndingExchange(exchange, handler, request, span));
  }

  private SpanEndingExchange(Mono<ClientResponse> exchange, HttpClientHandler handler, WebClientRequest request,
      Span span) {
    super(exchange);
    this.handler = handler;
    this.request = request;
    this.span = span;
  }

  @Override
  public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
    source.subscribe(new Ending(actual, this));
  }

  void end(ClientResponse response, Throwable error) {
    handler.handleReceive(new WebClientResponse(request, response, error), span);
  }

  private static final class Ending implements CoreSubscriber<ClientResponse>, Subscription {
    private static final AtomicIntegerFieldUpdater<Ending> ENDED =
        AtomicIntegerFieldUpdater.newUpdater(Ending.class, "ended");

    private final CoreSubscriber<? super ClientResponse> actual;
    private final SpanEndingExchange exchange;
    private Subscription upstream;
    private volatile int ended;

    Ending(CoreSubscriber<? super ClientResponse> actual, SpanEndingExchange exchange) {
      this.actual = actual;
      this.exchange = exchange;
    }

    private void end(ClientResponse response, Throwable error) {
      if (ENDED.compareAndSet(this, 0, 1)) exchange.end(response, error);
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      upstream = subscription;
      actual.onSubscribe(this);
    }

    @Override
    public void onNext(ClientResponse response) {
      end(response, null);
      actual.onNext(response);
    }

    @Override
    public void onError(Throwable error) {
      end(null, error);
      actual.onError(error);
    }

    @Override
    public void onComplete() {
      end(null, null);
      actual.onComplete();
    }

    @Override
    public void request(long n) {
      upstream.request(n);
    }

    @Override
    public void cancel() {
      end(null, new CancellationException("cancelled"));
      upstream.cancel();
    }
  }
}
