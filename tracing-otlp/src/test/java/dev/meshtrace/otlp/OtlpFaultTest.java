package dev.meshtrace.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.RetryPolicy;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The collector misbehaves on real loopback sockets: down at startup, restarting, slow, overloaded. The thread that
 * finishes spans never sees an exception or waits, the queue stays at its bound, and what the retry budget covers
 * arrives.
 */
class OtlpFaultTest {
  /** Enough attempts and backoff to span a restart: up to ~10 attempts over several seconds. */
  static final RetryPolicy PATIENT = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(1), 1.5);

  static Set<String> spanNames(OtlpHttpReceiver receiver) {
    Set<String> names = new HashSet<>();
    for (OtlpHttpReceiver.Received request : receiver.all()) {
      request.request().getResourceSpansList().forEach(resourceSpans -> resourceSpans.getScopeSpans(0)
          .getSpansList().forEach(span -> names.add(span.getName())));
    }
    return names;
  }

  @Test
  void collectorDownAtStartupThenUp_theOutageWindowIsRetriedAndDelivered() {
    OtlpHttpReceiver first = OtlpHttpReceiver.start();
    int port = first.port();
    first.close(); // nothing listens on the port now
    try (OtlpSpanHandler handler = OtlpSpanHandler.newBuilder().protocol(OtlpProtocol.HTTP_PROTOBUF)
        .endpoint("http://127.0.0.1:" + port + "/v1/traces").flushInterval(Duration.ofMillis(20)).retry(PATIENT)
        .build()) {
      assertThatCode(() -> Spans.report(handler, 1, 3)).doesNotThrowAnyException();
      Spans.await("a retry while down", () -> handler.metrics().sendRetries() >= 1);

      try (OtlpHttpReceiver collector = OtlpHttpReceiver.start(port)) {
        Spans.await("sent", () -> handler.metrics().spansSent() == 3);
        assertThat(spanNames(collector)).containsExactlyInAnyOrder("span-1", "span-2", "span-3");
        assertThat(handler.metrics().spansDropped()).isZero();
      }
    }
  }

  @Test
  void collectorRestartMidRun_spansOfTheGapArrive() {
    OtlpHttpReceiver collector = OtlpHttpReceiver.start();
    int port = collector.port();
    try (OtlpSpanHandler handler = OtlpSpanHandler.newBuilder().protocol(OtlpProtocol.HTTP_PROTOBUF)
        .endpoint(collector.tracesUrl()).flushInterval(Duration.ofMillis(20)).retry(PATIENT).build()) {
      Spans.report(handler, 1, 2);
      Spans.await("sent before the restart", () -> handler.metrics().spansSent() == 2);
      collector.close();

      Spans.report(handler, 3, 2);
      Spans.await("a retry while down", () -> handler.metrics().sendRetries() >= 1);
      try (OtlpHttpReceiver restarted = OtlpHttpReceiver.start(port)) {
        Spans.await("sent after the restart", () -> handler.metrics().spansSent() == 4);
        assertThat(spanNames(restarted)).containsExactlyInAnyOrder("span-3", "span-4");
        assertThat(handler.metrics().spansDropped()).isZero();
      }
    }
  }

  @Test
  void slowCollectorTimesOutAndTheNextAttemptDelivers() {
    try (OtlpHttpReceiver collector = OtlpHttpReceiver.start();
        OtlpSpanHandler handler = OtlpSpanHandler.newBuilder().protocol(OtlpProtocol.HTTP_PROTOBUF)
            .endpoint(collector.tracesUrl()).flushInterval(Duration.ofMillis(20)).timeout(Duration.ofMillis(300))
            .retry(OtlpGrpcTest.FAST_RETRY).build()) {
      collector.answer(new OtlpHttpReceiver.Answer(200, Map.of(), new byte[0], 3_000));
      Spans.report(handler, 1, 1);

      Spans.await("sent", () -> handler.metrics().spansSent() == 1);
      assertThat(handler.metrics().sendRetries()).isEqualTo(1);
      assertThat(collector.all()).hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void overloadedCollector_retryAfterIsHonouredAndNothingIsLost() {
    try (OtlpHttpReceiver collector = OtlpHttpReceiver.start();
        OtlpSpanHandler handler = OtlpSpanHandler.newBuilder().protocol(OtlpProtocol.HTTP_JSON)
            .endpoint(collector.tracesUrl()).flushInterval(Duration.ofMillis(20))
            .retry(new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(1), 1)).build()) {
      // A one-minute backoff: only the collector's Retry-After of 0 lets the retries happen within the test.
      collector.answer(new OtlpHttpReceiver.Answer(503, Map.of("Retry-After", "0"), new byte[0], 0),
          new OtlpHttpReceiver.Answer(429, Map.of("Retry-After", "0"), new byte[0], 0));
      Spans.report(handler, 1, 1);

      Spans.await("sent", () -> handler.metrics().spansSent() == 1);
      assertThat(collector.all()).hasSize(3);
      assertThat(handler.metrics().sendRetries()).isEqualTo(2);
    }
  }

  @Test
  void heldCollector_finishingSpansNeverWaitsAndTheQueueStaysBounded() {
    try (OtlpGrpcReceiver collector = OtlpGrpcReceiver.cleartext()) {
      for (int i = 0; i < 20; i++) collector.answer(OtlpGrpcReceiver.Answer.error(Status.UNAVAILABLE));
      OtlpSpanHandler handler = OtlpSpanHandler.newBuilder().endpoint(collector.endpoint("http", "127.0.0.1"))
          .flushInterval(Duration.ofMillis(20)).queuedMaxSpans(1_000)
          .retry(new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5)).build();
      try {
        assertThatCode(() -> Spans.report(handler, 1, 100_000)).doesNotThrowAnyException();

        // What is held: at most the queue's 1000 spans and one message being retried (512 KiB at most).
        assertThat(handler.metrics().spansReported()).isEqualTo(100_000);
        assertThat(handler.metrics().spansQueued()).isLessThan(10_000);
        assertThat(handler.metrics().spansDropped(DropCause.QUEUE_FULL)).isGreaterThan(90_000);
      } finally {
        handler.close(Duration.ZERO);
      }
    }
  }
}
