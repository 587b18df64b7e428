package dev.meshtrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zipkin2.reporter.Encoding;

/** What reaches the sender, and what is counted and logged, as spans are reported, dropped and closed. */
class SpanReporterTest {
  static final String BACKEND = "http://backend.test/v1/spans";

  final RecordedLog log = new RecordedLog();
  final List<TestSender> senders = new ArrayList<>();

  @AfterEach
  void releaseHangingSenders() {
    senders.forEach(TestSender::release);
  }

  /** A reporting handler's builder, as Zipkin's and OTLP's extend it. */
  static final class Settings extends ReporterSettings<Settings> {
    @Override
    protected Settings self() {
      return this;
    }
  }

  static Settings settings() {
    return new Settings().retry(RetryPolicy.NONE);
  }

  SpanReporter<String> reporter(Settings settings, TestSender sender) {
    senders.add(sender);
    return settings.newReporter(sender, TestSender.STRINGS, log.logger, BACKEND,
        failure -> " (hint about " + failure.getMessage() + ")");
  }

  static void report(SpanReporter<String> reporter, String... spans) {
    for (String span : spans) reporter.report(span);
  }

  static int messageBytes(List<String> spans) {
    return Encoding.JSON.listSizeInBytes(spans.stream().map(String::getBytes).toList());
  }

  @Test
  void spansAreSentInTheBackgroundAndCounted() throws Exception {
    TestSender sender = new TestSender();
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofMillis(1)), sender);

    report(reporter, "a");
    assertThat(sender.nextAttempt()).containsExactly("a"); // before any close
    report(reporter, "b", "c");
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();

    assertThat(sender.acceptedSpans()).containsExactly("a", "b", "c");
    ReportingMetrics metrics = reporter.metrics();
    assertThat(metrics.spansReported()).isEqualTo(3);
    assertThat(metrics.spansSent()).isEqualTo(3);
    assertThat(metrics.spansQueued()).isZero();
    assertThat(metrics.spansDropped()).isZero();
    assertThat(metrics.messagesSent()).isEqualTo(sender.accepted.size());
    assertThat(metrics.messagesFailed()).isZero();
    assertThat(metrics.bytesSent()).isEqualTo(sender.accepted.stream().mapToLong(SpanReporterTest::messageBytes).sum());
    assertThat(metrics.lastSendFailure()).isNull();
    assertThat(log.records).as("nothing dropped: not even a FINE line at the default level").isEmpty();
  }

  @Test
  void closeDeliversWhatIsQueuedLongBeforeTheFlushIntervalAndClosesTheSender() throws Exception {
    TestSender sender = new TestSender();
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofHours(1)), sender);

    report(reporter, "a", "b", "c");
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();

    assertThat(sender.acceptedSpans()).containsExactly("a", "b", "c");
    assertThat(reporter.metrics().spansSent()).isEqualTo(3);
    assertThat(sender.closed.await(30, TimeUnit.SECONDS)).as("sender closed").isTrue();
  }

  /** A sender whose request wraps the list in an envelope: the bytes counted as sent are the request's. */
  @Test
  void bytesSentAreTheEnvelopedRequestsOfASenderThatHasOne() throws Exception {
    TestSender sender = new TestSender();
    senders.add(sender);
    int envelope = 18;
    SpanReporter<String> reporter = settings().flushInterval(Duration.ofHours(1))
        .newReporter(new Enveloped(sender, envelope), TestSender.STRINGS, log.logger, BACKEND, failure -> "");

    report(reporter, "a", "bc");
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();

    assertThat(sender.accepted).hasSize(1);
    assertThat(reporter.metrics().bytesSent()).isEqualTo(messageBytes(List.of("a", "bc")) + envelope);
  }

  /** {@link TestSender}'s messages, each in a request {@code envelope} bytes larger than the list. */
  private static final class Enveloped extends ForwardingSender {
    private final int envelope;

    Enveloped(TestSender sender, int envelope) {
      super(sender);
      this.envelope = envelope;
    }

    @Override
    public int requestSizeInBytes(List<byte[]> encodedSpans) {
      return delegate.messageSizeInBytes(encodedSpans) + envelope;
    }

    @Override
    public int messageMaxBytes() {
      return delegate.messageMaxBytes() - envelope;
    }

    @Override
    public void send(List<byte[]> encodedSpans) throws IOException {
      delegate.send(encodedSpans);
    }
  }

  @Test
  void theDefaultCloseUsesTheConfiguredCloseTimeout() throws Exception {
    TestSender sender = new TestSender().hanging();
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofMillis(1))
        .closeTimeout(Duration.ofMillis(100)), sender);
    report(reporter, "a");
    sender.nextAttempt();

    reporter.close(); // would wait 5 seconds (the default), or for ever, if the setting were ignored

    assertThat(sender.released.getCount()).as("close returned while the backend still held the message").isOne();
    assertThat(reporter.metrics().spansDropped(DropCause.CLOSED)).isOne();
  }

  @Test
  void aFullQueueDropsTheSpanOnTheCallersThreadWithoutBlocking() throws Exception {
    TestSender sender = new TestSender().hanging();
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofMillis(1)).queuedMaxSpans(2),
        sender);
    report(reporter, "a");
    assertThat(sender.nextAttempt()).containsExactly("a"); // the reporter thread now hangs in the backend

    report(reporter, "b", "c", "d");

    assertThat(reporter.metrics().spansDropped(DropCause.QUEUE_FULL)).isOne();
    assertThat(reporter.metrics().spansQueued()).isEqualTo(3); // a in the message, b and c in the queue
    assertThat(log.messages()).singleElement().asString()
        .startsWith("Dropping spans for " + BACKEND + ": 1 refused as the queue was full (queuedMaxSpans)");
    sender.release();
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();
    assertThat(sender.acceptedSpans()).containsExactly("a", "b", "c");
    assertThat(reporter.metrics().spansSent()).isEqualTo(3);
    assertThat(reporter.metrics().spansDropped()).isOne();
  }

  @Test
  void aSpanLargerThanAMessageIsDroppedAsTooLarge() throws Exception {
    TestSender sender = new TestSender();
    SpanReporter<String> reporter = reporter(settings().messageMaxBytes(1024), sender);
    String large = "x".repeat(1100);

    report(reporter, "small", large, "after");
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();

    assertThat(sender.acceptedSpans()).containsExactly("small", "after");
    assertThat(reporter.metrics().spansDropped(DropCause.TOO_LARGE)).isOne();
    assertThat(reporter.metrics().spansDropped()).isOne();
    assertThat(log.messages().get(0)).startsWith("Dropping spans for " + BACKEND + ": 1 larger than "
        + "messageMaxBytes.");
  }

  @Test
  void theSendersSmallerMessageLimitWins() throws Exception {
    TestSender sender = new TestSender(2048);
    SpanReporter<String> reporter = reporter(settings().messageMaxBytes(4096), sender);

    report(reporter, "y".repeat(1500), "x".repeat(3000));
    reporter.close(Duration.ofSeconds(30));

    assertThat(sender.acceptedSpans()).containsExactly("y".repeat(1500));
    assertThat(reporter.metrics().spansDropped(DropCause.TOO_LARGE)).isOne();
  }

  @Test
  void theConfiguredLimitWinsWhenTheSendersIsLarger() throws Exception {
    TestSender sender = new TestSender(8192);
    SpanReporter<String> reporter = reporter(settings().messageMaxBytes(4096), sender);

    report(reporter, "y".repeat(3000), "x".repeat(5000));
    reporter.close(Duration.ofSeconds(30));

    assertThat(sender.acceptedSpans()).containsExactly("y".repeat(3000));
    assertThat(reporter.metrics().spansDropped(DropCause.TOO_LARGE)).isOne();
  }

  @Test
  void aFailedMessageCountsItsSpansAsSendFailedAndWarnsOnceWithTheHint() throws Exception {
    IOException failure = new IOException("Server returned HTTP response code: 400 for URL: " + BACKEND);
    TestSender sender = new TestSender().failing(failure, 1);
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofHours(1)), sender);

    report(reporter, "a", "b");
    assertThat(reporter.close(Duration.ofSeconds(30))).as("failed spans are not unsent").isTrue();

    ReportingMetrics metrics = reporter.metrics();
    assertThat(sender.attemptCount).hasValue(1);
    assertThat(metrics.spansDropped(DropCause.SEND_FAILED)).isEqualTo(2);
    assertThat(metrics.spansDropped()).isEqualTo(2);
    assertThat(metrics.spansSent()).isZero();
    assertThat(metrics.messagesFailed()).isOne();
    assertThat(metrics.messagesSent()).isZero();
    assertThat(metrics.bytesSent()).isZero();
    assertThat(metrics.lastSendFailure()).isSameAs(failure);
    assertThat(log.messages()).hasSize(2);
    assertThat(log.messages().get(0)).isEqualTo("Dropping spans for " + BACKEND + ": 2 in a message that failed: "
        + failure + ". (hint about " + failure.getMessage() + ") In all 2 of 2 reported spans dropped "
        + "{SEND_FAILED=2}, 0 sent; last send failure: " + failure + ". Further drops are summarised at most "
        + "every 60s, and when the reporter closes.");
    assertThat(log.messages().get(1)).isEqualTo("Closed the span reporter for " + BACKEND + ": 2 spans lost at "
        + "shutdown {SEND_FAILED=2}. In all 2 of 2 reported spans dropped {SEND_FAILED=2}, 0 sent; last send failure: " + failure
        + ".");
    assertThat(log.records).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING));
  }

  @Test
  void aRuntimeExceptionFromTheSenderIsAFailedMessageToo() throws Exception {
    TestSender sender = new TestSender();
    sender.script.add(() -> {
      throw new IllegalStateException("sender bug");
    });
    SpanReporter<String> reporter = reporter(settings(), sender);

    report(reporter, "a");
    reporter.close(Duration.ofSeconds(30));
    report(reporter, "after");

    assertThat(reporter.metrics().spansDropped(DropCause.SEND_FAILED)).isOne();
    assertThat(reporter.metrics().lastSendFailure()).hasMessage("sender bug");
  }

  @Test
  void partiallyAcceptedMessagesCountTheRejectedSpans() throws Exception {
    TestSender sender = new TestSender().rejecting(1);
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofHours(1)), sender);

    report(reporter, "a", "b", "c");
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();

    assertThat(sender.accepted).hasSize(1);
    assertThat(reporter.metrics().spansDropped(DropCause.REJECTED)).isOne();
    assertThat(reporter.metrics().spansSent()).isEqualTo(2);
    assertThat(reporter.metrics().messagesSent()).isOne();
    assertThat(log.messages().get(0)).startsWith("Dropping spans for " + BACKEND + ": 1 rejected by the backend");
  }

  @Test
  void moreRejectionsThanSpansCountOnlyTheMessagesSpans() throws Exception {
    TestSender sender = new TestSender().rejecting(5);
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofHours(1)), sender);

    report(reporter, "a", "b");
    reporter.close(Duration.ofSeconds(30));

    assertThat(reporter.metrics().spansDropped(DropCause.REJECTED)).isEqualTo(2);
    assertThat(reporter.metrics().spansSent()).isZero();
    assertThat(reporter.metrics().spansQueued()).isZero();
    assertThat(log.messages().get(0)).startsWith("Dropping spans for " + BACKEND + ": 2 rejected by the backend");
  }

  @Test
  void spansReportedAfterCloseAreDroppedAsClosedAndNeverSent() throws Exception {
    TestSender sender = new TestSender();
    SpanReporter<String> reporter = reporter(settings(), sender);
    report(reporter, "a");
    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();

    report(reporter, "late");

    assertThat(reporter.metrics().spansDropped(DropCause.CLOSED)).isOne();
    assertThat(reporter.metrics().spansReported()).isEqualTo(2);
    assertThat(reporter.metrics()).hasToString("ReportingMetrics{reported=2, sent=1, queued=0, dropped={CLOSED=1}, "
        + "messagesSent=1, messagesFailed=0, sendRetries=0}");
    assertThat(log.messages().get(0)).startsWith("Dropping spans for " + BACKEND + ": 1 reported or still unsent "
        + "after close.");
    assertThat(reporter.close(Duration.ofSeconds(30))).as("a later close: nothing unsent").isTrue();
    assertThat(sender.acceptedSpans()).containsExactly("a");
  }

  @Test
  void closeGivesUpOnAHangingBackendAndTheCountsAreFinal() throws Exception {
    TestSender sender = new TestSender().hanging();
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofMillis(1)), sender);
    report(reporter, "a");
    sender.nextAttempt();
    report(reporter, "b", "c");

    assertThat(reporter.close(Duration.ofMillis(200))).as("spans left unsent").isFalse();

    assertThat(sender.released.getCount()).as("close returned while the backend still held the message").isOne();
    ReportingMetrics metrics = reporter.metrics();
    assertThat(metrics.spansDropped(DropCause.CLOSED)).isEqualTo(3);
    assertThat(metrics.spansQueued()).isZero();
    assertThat(log.messages()).last().asString().isEqualTo("Closed the span reporter for " + BACKEND + ": 3 spans "
        + "lost at shutdown {CLOSED=3}, 3 of them still unsent when the close timeout (200 ms) ran out. In all 3 of "
        + "3 reported spans dropped {CLOSED=3}, 0 sent.");
    assertThat(reporter.close(Duration.ofSeconds(30))).as("a later close: the account is settled").isTrue();

    sender.release(); // the backend answers late: the spans counted as closed are not counted again
    assertThat(sender.closed.await(30, TimeUnit.SECONDS)).as("sender closed once the thread let go").isTrue();
    assertThat(metrics.spansSent()).isZero();
    assertThat(metrics.spansDropped()).isEqualTo(3);
    assertThat(metrics.messagesSent()).isZero();
    assertThat(sender.attemptCount).as("the rest is not sent after the account was settled").hasValue(1);
  }

  @Test
  void closeWithZeroTimeoutCountsEverythingQueuedAsClosed() throws Exception {
    TestSender sender = new TestSender().hanging();
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofMillis(1)), sender);
    report(reporter, "a");
    sender.nextAttempt();

    assertThat(reporter.close(Duration.ZERO)).isFalse();
    assertThat(reporter.metrics().spansDropped(DropCause.CLOSED)).isOne();
  }

  @Test
  void aCloseInterruptedKeepsTheInterruptAndStillSettles() throws Exception {
    TestSender sender = new TestSender().hanging();
    SpanReporter<String> reporter = reporter(settings().flushInterval(Duration.ofMillis(1)), sender);
    report(reporter, "a");
    sender.nextAttempt();

    Thread.currentThread().interrupt();
    boolean delivered;
    try {
      delivered = reporter.close(Duration.ofMinutes(5));
    } finally {
      assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
    }
    assertThat(delivered).isFalse();
    assertThat(reporter.metrics().spansDropped(DropCause.CLOSED)).isOne();
  }

  @Test
  void closingAReporterThatNeverReportedClosesTheSender() throws Exception {
    TestSender sender = new TestSender();
    SpanReporter<String> reporter = reporter(settings(), sender);

    assertThat(reporter.close(Duration.ofSeconds(30))).isTrue();

    assertThat(sender.closed.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(sender.attemptCount).hasValue(0);
    assertThat(log.records).isEmpty();
  }

  @Test
  void aNegativeCloseTimeoutIsRefusedNamingIt() {
    SpanReporter<String> reporter = reporter(settings(), new TestSender());
    assertThatThrownBy(() -> reporter.close(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be zero or positive, was PT-0.001S");
  }

  @Test
  void namesItsBackend() {
    assertThat(reporter(settings(), new TestSender())).hasToString("SpanReporter{" + BACKEND + "}");
  }
}
