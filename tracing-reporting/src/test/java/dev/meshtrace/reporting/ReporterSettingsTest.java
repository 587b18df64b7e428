package dev.meshtrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The shared reporter settings: documented defaults, the smallest values allowed, and bad values named. */
class ReporterSettingsTest {
  static SpanReporterTest.Settings settings() {
    return new SpanReporterTest.Settings();
  }

  @Test
  void documentedDefaults() {
    SpanReporterTest.Settings defaults = settings();
    assertThat(defaults.flushInterval).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.closeTimeout).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.queuedMaxSpans).isEqualTo(10_000);
    assertThat(defaults.messageMaxBytes()).isEqualTo(512 * 1024);
    assertThat(defaults.retry).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(RetryPolicy.DEFAULT).isEqualTo(new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5));
    assertThat(RetryPolicy.NONE.maxAttempts()).isOne();
  }

  @Test
  void theDefaultQueueHoldsTenThousandSpans() throws Exception {
    TestSender sender = new TestSender().hanging();
    try {
      SpanReporter<String> reporter = settings().flushInterval(Duration.ofMillis(1))
          .newReporter(sender, TestSender.STRINGS, Logger.getAnonymousLogger(), "backend", FailureHint.NONE);
      reporter.report("in the message");
      sender.nextAttempt();
      for (int i = 0; i < 10_000; i++) reporter.report("queued");
      assertThat(reporter.metrics().spansDropped(DropCause.QUEUE_FULL)).isZero();
      reporter.report("one too many");
      assertThat(reporter.metrics().spansDropped(DropCause.QUEUE_FULL)).isOne();
    } finally {
      sender.release();
    }
  }

  @Test
  void theDefaultMessageHoldsHalfAMebibyte() throws Exception {
    TestSender sender = new TestSender(1024 * 1024);
    SpanReporter<String> reporter = settings()
        .newReporter(sender, TestSender.STRINGS, Logger.getAnonymousLogger(), "backend", FailureHint.NONE);
    String fits = "x".repeat(512 * 1024 - 2); // a JSON list: the span between brackets
    reporter.report(fits);
    reporter.report(fits + "x");
    // Closing first would count the span as lost to the close, not to its size: the reporter thread drops it.
    RetryTest.await(() -> reporter.metrics().spansDropped(DropCause.TOO_LARGE) == 1);
    reporter.close(Duration.ofSeconds(30));

    assertThat(sender.acceptedSpans()).containsExactly(fits);
    assertThat(reporter.metrics().spansDropped(DropCause.TOO_LARGE)).isOne();
  }

  @Test
  void theSmallestValuesAllowed() {
    SpanReporterTest.Settings settings = settings();
    assertThat(settings.flushInterval(Duration.ofMillis(1))).isSameAs(settings);
    assertThat(settings.closeTimeout(Duration.ZERO)).isSameAs(settings);
    assertThat(settings.queuedMaxSpans(1)).isSameAs(settings);
    assertThat(settings.messageMaxBytes(1024)).isSameAs(settings);
    assertThat(settings.retry(RetryPolicy.NONE)).isSameAs(settings);
    assertThat(settings.flushInterval).isEqualTo(Duration.ofMillis(1));
    assertThat(settings.closeTimeout).isZero();
    assertThat(settings.queuedMaxSpans).isOne();
    assertThat(settings.messageMaxBytes()).isEqualTo(1024);
    assertThat(settings.retry).isSameAs(RetryPolicy.NONE);
  }

  @Test
  void badValuesFailNamingTheSetting() {
    assertRefused(() -> settings().flushInterval(Duration.ofNanos(999_999)),
        "flushInterval must be at least 1ms, was PT0.000999999S");
    assertRefused(() -> settings().flushInterval(null), "flushInterval must be at least 1ms, was null");
    assertRefused(() -> settings().closeTimeout(Duration.ofNanos(-1)),
        "closeTimeout must be zero or positive, was PT-0.000000001S");
    assertRefused(() -> settings().closeTimeout(null), "closeTimeout must be zero or positive, was null");
    assertRefused(() -> settings().queuedMaxSpans(0), "queuedMaxSpans must be at least 1, was 0");
    assertRefused(() -> settings().messageMaxBytes(1023), "messageMaxBytes must be at least 1024, was 1023");
    assertRefused(() -> settings().retry(null), "retry must not be null");
  }

  @Test
  void retryPolicyBounds() {
    Duration second = Duration.ofSeconds(1);
    assertThat(new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(1), 10).maxAttempts()).isEqualTo(10);
    assertThat(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 1).maxAttempts()).isOne();
    assertRefused(() -> new RetryPolicy(0, second, second, 1), "maxAttempts must be between 1 and 10, was 0");
    assertRefused(() -> new RetryPolicy(11, second, second, 1), "maxAttempts must be between 1 and 10, was 11");
    assertRefused(() -> new RetryPolicy(2, Duration.ofNanos(999_999), second, 1),
        "initialBackoff must be at least 1ms, was PT0.000999999S");
    assertRefused(() -> new RetryPolicy(2, null, second, 1), "initialBackoff must be at least 1ms, was null");
    assertRefused(() -> new RetryPolicy(2, second, second.minusNanos(1), 1),
        "maxBackoff must be at least initialBackoff, was PT0.999999999S");
    assertRefused(() -> new RetryPolicy(2, second, null, 1), "maxBackoff must be at least initialBackoff, was null");
    assertRefused(() -> new RetryPolicy(2, second, second, 0.999), "multiplier must be between 1 and 10, was 0.999");
    assertRefused(() -> new RetryPolicy(2, second, second, 10.001),
        "multiplier must be between 1 and 10, was 10.001");
    assertRefused(() -> new RetryPolicy(2, second, second, Double.NaN), "multiplier must be between 1 and 10, was NaN");
  }

  static void assertRefused(Runnable build, String message) {
    assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
