package dev.meshtrace.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Span;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpClientHandler;
import dev.meshtrace.http.HttpTags;
import dev.meshtrace.http.HttpTracing;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Each exchange's span ends once, on its first signal, and every signal reaches the subscriber unchanged. */
class SpanEndingExchangeTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(spans).build();
  final HttpClientHandler handler = HttpClientHandler.create(HttpTracing.create(tracing));
  final WebClientRequest request =
      new WebClientRequest(ClientRequest.create(HttpMethod.GET, URI.create("http://ratings/ratings/0")).build());

  Mono<ClientResponse> traced(Mono<ClientResponse> exchange) {
    Span span = handler.handleSend(request, null);
    return SpanEndingExchange.of(exchange, handler, request, span);
  }

  @Test
  void theResponseEndsTheSpanWithItsStatusAndReachesTheSubscriber() {
    ClientResponse response = ClientResponse.create(HttpStatus.SERVICE_UNAVAILABLE).build();

    assertThat(traced(Mono.just(response)).block()).isSameAs(response);

    MutableSpan span = spans.awaitSpans(1, Duration.ofSeconds(5)).get(0);
    assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("503");
  }

  @Test
  void anErrorEndsTheSpanWithItAndIsPassedOn() {
    IllegalStateException refused = new IllegalStateException("connection refused");
    AtomicReference<Throwable> seen = new AtomicReference<>();

    traced(Mono.error(refused)).subscribe(response -> { }, seen::set);

    assertThat(seen.get()).isSameAs(refused);
    assertThat(spans.spans()).singleElement().extracting(MutableSpan::error).isSameAs(refused);
  }

  @Test
  void anExchangeThatCompletesEmptyEndsTheSpanWithoutAStatus() {
    assertThat(traced(Mono.empty()).block()).isNull();

    MutableSpan span = spans.spans().get(0);
    assertThat(span.tag(HttpTags.STATUS_CODE)).isNull();
    assertThat(span.error()).isNull();
  }

  @Test
  void cancellingEndsTheSpanOnceAsCancelledAndCancelsTheExchange() {
    Sinks.One<ClientResponse> exchange = Sinks.one();
    Disposable subscription = traced(exchange.asMono()).subscribe();
    assertThat(exchange.currentSubscriberCount()).isEqualTo(1);

    subscription.dispose();
    subscription.dispose();
    assertThat(exchange.currentSubscriberCount()).as("the exchange was cancelled").isZero();
    exchange.tryEmitValue(ClientResponse.create(HttpStatus.OK).build()); // too late: nobody listens

    assertThat(spans.spans()).singleElement().satisfies(span -> {
      assertThat(span.error()).isInstanceOf(CancellationException.class).hasMessage("cancelled");
      assertThat(span.tag(HttpTags.STATUS_CODE)).isNull();
    });
  }

  @Test
  void aSubscriberCancellingOnTheResponseLeavesTheSpanEndedByTheResponse() {
    AtomicReference<ClientResponse> received = new AtomicReference<>();
    traced(Mono.just(ClientResponse.create(HttpStatus.OK).build())).subscribe(new BaseSubscriber<>() {
      @Override
      protected void hookOnNext(ClientResponse response) {
        received.set(response);
        cancel(); // a timeout firing as the response arrives
      }
    });

    assertThat(received.get()).isNotNull();
    assertThat(spans.spans()).singleElement().satisfies(span -> {
      assertThat(span.error()).isNull();
      assertThat(span.tag(HttpTags.STATUS_CODE)).isEqualTo("200");
    });
  }

  @Test
  void theExchangeSeesTheSubscribersContext() {
    Mono<ClientResponse> exchange = Mono.deferContextual(view ->
        Mono.just(ClientResponse.create(HttpStatus.valueOf(view.<Integer>get("status"))).build()));

    ClientResponse response = traced(exchange).contextWrite(context -> context.put("status", 202)).block();

    assertThat(response.statusCode().value()).isEqualTo(202);
  }
}
