package dev.meshtrace.zipkin;

import static dev.meshtrace.zipkin.ZipkinSpanHandlerFaultTest.await;
import static dev.meshtrace.zipkin.ZipkinSpanHandlerFaultTest.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Zipkin's HTTP reporter retries as OTLP's does: what a collector restart or overload would lose arrives. */
class ZipkinRetryTest {
  static ZipkinSpanHandler.Builder builder(TestCollector collector, RetryPolicy retry) {
    return ZipkinSpanHandler.newBuilder().endpoint(collector.endpoint()).flushInterval(Duration.ofMillis(20))
        .sender(SenderType.URL_CONNECTION).retry(retry);
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void overloadStatusesAreRetriedAndTheSpansArrive(int status) throws Exception {
    try (TestCollector collector = TestCollector.start();
        ZipkinSpanHandler handler = builder(collector, ZipkinSpanHandlerFaultTest.FAST_RETRY).build()) {
      collector.failNext(2, status);
      report(handler, 1, 1);

      assertThat(collector.awaitSpans(1)).extracting(s -> s.name()).containsExactly("span-1");
      await("sent", () -> handler.metrics().spansSent() == 1);
      assertThat(collector.requests()).isEqualTo(3);
      assertThat(handler.metrics().sendRetries()).isEqualTo(2);
      assertThat(handler.metrics().spansDropped()).isZero();
    }
  }

  @Test
  void otherErrorStatusesAreNotRetried() throws Exception {
    try (TestCollector collector = TestCollector.start();
        ZipkinSpanHandler handler = builder(collector, ZipkinSpanHandlerFaultTest.FAST_RETRY).build()) {
      collector.failNext(1, 400);
      report(handler, 1, 1);

      await("failed", () -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 1);
      assertThat(collector.requests()).isEqualTo(1);
      assertThat(handler.metrics().sendRetries()).isZero();
    }
  }

  @Test
  void aCollectorRestartLosesNothing() throws Exception {
    try (TestCollector collector = TestCollector.down();
        ZipkinSpanHandler handler = builder(collector,
            new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(1), 1.5)).build()) {
      report(handler, 1, 3);
      await("a retry", () -> handler.metrics().sendRetries() >= 1);

      collector.listen();

      assertThat(collector.awaitSpans(3)).extracting(s -> s.name())
          .containsExactlyInAnyOrder("span-1", "span-2", "span-3");
      await("sent", () -> handler.metrics().spansSent() == 3);
      assertThat(handler.metrics().spansDropped()).isZero();
    }
  }

  @Test
  void closingEndsAWaitForTheNextAttempt() throws Exception {
    try (TestCollector collector = TestCollector.down()) {
      ZipkinSpanHandler handler = builder(collector,
          new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(1), 1)).build();
      report(handler, 1, 1);
      await("a retry waiting", () -> handler.metrics().sendRetries() == 1);

      // Without closing ending the one-minute wait, the span would still be in flight when close gives up.
      assertThat(handler.close(Duration.ofSeconds(20))).isTrue();
      assertThat(handler.metrics().spansDropped(DropCause.SEND_FAILED)).isEqualTo(1);
      assertThat(handler.metrics().lastSendFailure()).isInstanceOf(java.net.ConnectException.class);
    }
  }
}
