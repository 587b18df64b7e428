package dev.meshtrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which failed messages are tried again, how often, and how closing ends a wait for the next attempt. */
class RetryTest {
  static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), 1);
  static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);

  final RecordedLog log = new RecordedLog();
  final List<TestSender> senders = new ArrayList<>();

  @AfterEach
  void releaseHangingSenders() {
    senders.forEach(TestSender::release);
  }

  SpanReporter<String> reporter(RetryPolicy retry, TestSender sender) {
    senders.add(sender);
    return new SpanReporterTest.Settings().retry(retry).flushInterval(Duration.ofMillis(1))
        .newReporter(sender, TestSender.STRINGS, log.logger, "backend", FailureHint.NONE);
  }

  @Test
  void aConnectionFailureIsRetriedUntilTheMessageIsDelivered() throws Exception {
    TestSender sender = new TestSender().failing(new ConnectException("refused"), 2);
    SpanReporter<String> reporter = reporter(QUICK, sender);

    reporter.report("a");
    assertThat(sender.accepted.poll(30, TimeUnit.SECONDS)).containsExactly("a");
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();

    assertThat(sender.attemptCount).hasValue(3);
    assertThat(reporter.metrics().sendRetries()).isEqualTo(2);
    assertThat(reporter.metrics().spansSent()).isOne();
    assertThat(reporter.metrics().spansDropped()).isZero();
    assertThat(reporter.metrics().messagesFailed()).isZero();
    assertThat(log.records).isEmpty();
  }

  @Test
  void afterMaxAttemptsTheMessageFailsWithItsLastError() throws Exception {
    ConnectException last = new ConnectException("refused, third time");
    TestSender sender = new TestSender().failing(new ConnectException("refused"), 2).failing(last, 1);
    SpanReporter<String> reporter = reporter(QUICK, sender);

    reporter.report("a");
    reporter.report("b");
    await(() -> reporter.metrics().messagesFailed() == 1);
    reporter.close(Duration.ofSeconds(30));

    assertThat(sender.attemptCount).hasValue(3);
    assertThat(sender.accepted).isEmpty();
    assertThat(reporter.metrics().sendRetries()).isEqualTo(2);
    assertThat(reporter.metrics().spansDropped(DropCause.SEND_FAILED)).isEqualTo(2);
    assertThat(reporter.metrics().lastSendFailure()).isSameAs(last);
  }

  @Test
  void withRetriesOffAFailureIsFinal() throws Exception {
    assertTriedOnce(RetryPolicy.NONE, new ConnectException("refused"));
  }

  @Test
  void aFailureThatIsNotRetryableIsNotRetried() throws Exception {
    assertTriedOnce(QUICK, new SendFailure("400 Bad Request", false, -1));
  }

  void assertTriedOnce(RetryPolicy retry, IOException failure) throws Exception {
    TestSender sender = new TestSender().failing(failure, 1);
    SpanReporter<String> reporter = reporter(retry, sender);

    reporter.report("a");
    reporter.close(Duration.ofSeconds(30));

    assertThat(sender.attemptCount).hasValue(1);
    assertThat(reporter.metrics().sendRetries()).isZero();
    assertThat(reporter.metrics().spansDropped(DropCause.SEND_FAILED)).isOne();
  }

  @Test
  void aRetryAfterLongerThanTheMaximumBackoffWaitsOnlyTheMaximum() throws Exception {
    TestSender sender = new TestSender().failing(new SendFailure("503, retry in an hour", true, AN_HOUR), 1);
    SpanReporter<String> reporter = reporter(QUICK, sender);

    reporter.report("a");

    // An hour's wait would leave the message unsent until the test's timeout.
    assertThat(sender.accepted.poll(30, TimeUnit.SECONDS)).containsExactly("a");
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();
    assertThat(reporter.metrics().sendRetries()).isOne();
  }

  @Test
  void aRetryAfterWithinTheMaximumIsWaitedFor() throws Exception {
    RetryPolicy patient = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofHours(2), 1);
    TestSender sender = new TestSender().failing(new SendFailure("503, retry in an hour", true, AN_HOUR), 1);
    SpanReporter<String> reporter = reporter(patient, sender);
    reporter.report("a");
    sender.nextAttempt();
    awaitRetries(reporter, 1); // now waiting for the second attempt

    // Were the Retry-After ignored for the 1 ms backoff, the second attempt would come at once.
    assertThat(sender.attempts.poll(1, TimeUnit.SECONDS)).isNull();
    // The close waits for delivery until a quarter second before its end, then ends the wait.
    assertThat(reporter.close(Duration.ofSeconds(2))).as("closing ended the wait; the message failed").isTrue();
    assertThat(sender.attemptCount).hasValue(1);
    assertThat(reporter.metrics().spansDropped(DropCause.SEND_FAILED)).isOne();
  }

  @Test
  void closingEndsAWaitForTheNextAttemptAndTheMessageCountsAsFailed() throws Exception {
    RetryPolicy slow = new RetryPolicy(5, Duration.ofHours(1), Duration.ofHours(1), 1);
    TestSender sender = new TestSender().failing(new SendFailure("retry in an hour", true, AN_HOUR), 1);
    SpanReporter<String> reporter = reporter(slow, sender);
    reporter.report("a");
    sender.nextAttempt();
    awaitRetries(reporter, 1);

    reporter.close(Duration.ofSeconds(2));

    // Not counted as unsent at the close timeout: the retry was cancelled and the message failed at once.
    assertThat(reporter.metrics().spansDropped(DropCause.SEND_FAILED)).isOne();
    assertThat(reporter.metrics().spansDropped(DropCause.CLOSED)).isZero();
    assertThat(sender.attemptCount).hasValue(1);
    assertThat(reporter.metrics().lastSendFailure()).hasMessage("retry in an hour");
  }

  @Test
  void aWakeUpDuringTheBackoffDoesNotCancelTheRetry() throws Exception {
    RetryPolicy patient = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofSeconds(1), 1);
    TestSender sender = new TestSender().failing(new SendFailure("retry soon", true, 200_000_000L), 1);
    SpanReporter<String> reporter = reporter(patient, sender);
    reporter.report("a");
    sender.nextAttempt();
    awaitRetries(reporter, 1);

    Thread reporterThread = threadOf(sender);
    reporterThread.interrupt(); // as close's wake-up of an idle reporter thread would

    assertThat(sender.accepted.poll(30, TimeUnit.SECONDS)).containsExactly("a");
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();
  }

  static Thread threadOf(TestSender sender) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("AsyncReporter{" + sender + "}")).findFirst().orElseThrow();
  }

  static void awaitRetries(SpanReporter<?> reporter, long retries) throws InterruptedException {
    await(() -> reporter.metrics().sendRetries() >= retries);
    assertThat(reporter.metrics().sendRetries()).isEqualTo(retries);
  }

  /** Waits up to 30 seconds for {@code condition}. */
  static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 6000 && !condition.getAsBoolean(); i++) Thread.sleep(5);
    assertThat(condition.getAsBoolean()).as("within 30 seconds").isTrue();
  }

  @Test
  void theSendersCloseEndsRetriesToo() throws Exception {
    RetryingSender retrying = new RetryingSender(new TestSender()
        .failing(new SendFailure("retry in an hour", true, AN_HOUR), 1), RetryPolicy.DEFAULT, new ReportingMetrics());
    retrying.close();
    SendFailure thrown = catchThrowableOfType(SendFailure.class,
        () -> retrying.send(List.of("a".getBytes())));
    assertThat(thrown).hasMessage("retry in an hour");
  }

  @Test
  void partialSuccessIsReadFromTheWrappedSender() throws IOException {
    RetryingSender partial = new RetryingSender(new TestSender().rejecting(2), RetryPolicy.NONE,
        new ReportingMetrics());
    partial.send(List.of("a".getBytes(), "b".getBytes(), "c".getBytes()));
    assertThat(partial.rejectedInLastMessage()).isEqualTo(2);

    ReportingMetrics metrics = new ReportingMetrics();
    CountingSender notPartial = new CountingSender(new TestSender().rejecting(2),
        new SpanAccount(metrics, new DropWarning(log.logger, metrics, "backend", FailureHint.NONE, 1, System::nanoTime)));
    RetryingSender wrapping = new RetryingSender(notPartial, RetryPolicy.NONE, metrics);
    wrapping.send(List.of("a".getBytes()));
    assertThat(wrapping.rejectedInLastMessage()).as("a sender that cannot tell").isZero();
  }
}
