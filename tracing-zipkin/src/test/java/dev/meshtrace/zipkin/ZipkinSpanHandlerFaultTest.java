package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.ReportingMetrics;
import dev.meshtrace.reporting.RetryPolicy;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backend misbehaves (down, slow, failing, hanging) on a real loopback socket: the thread that finishes a span
 * is never blocked and never sees an exception, the queue stays bounded, drops are counted, and reporting resumes.
 */
class ZipkinSpanHandlerFaultTest {
  final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
  }

  TestCollector collector(TestCollector collector) {
    resources.add(collector);
    return collector;
  }

  ZipkinSpanHandler handler(ZipkinSpanHandler.Builder builder) {
    ZipkinSpanHandler handler = builder.build();
    resources.add(() -> handler.close(Duration.ZERO));
    return handler;
  }

  /** Retries as by default, only sooner: a message fails for good within a fraction of a second. */
  static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 1.5);

  /** The sender most applications get (no OkHttp); tests of sender-specific behaviour choose theirs. */
  static ZipkinSpanHandler.Builder builder(TestCollector collector) {
    return ZipkinSpanHandler.newBuilder().endpoint(collector.endpoint()).flushInterval(Duration.ofMillis(50))
        .sender(SenderType.URL_CONNECTION).retry(FAST_RETRY);
  }

  static MutableSpan span(long id) {
    return new MutableSpan().ids(TraceContext.builder().traceId(7, id).spanId(id).sampled(true).build())
        .name("span-" + id).localServiceName("svc").startTimestamp(1_000_000).finishTimestamp(1_000_500);
  }

  static void report(ZipkinSpanHandler handler, long fromId, int count) {
    for (long id = fromId; id < fromId + count; id++) {
      MutableSpan span = span(id);
      assertThatCode(() -> assertThat(handler.end(null, span)).isTrue()).doesNotThrowAnyException();
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  @ParameterizedTest
  @EnumSource(value = SenderType.class, names = {"URL_CONNECTION", "OKHTTP"})
  void backendDownThenBack(SenderType sender) throws Exception {
    TestCollector collector = collector(TestCollector.down());
    ZipkinSpanHandler handler = handler(builder(collector).sender(sender));

    report(handler, 1, 5);

    await("failed sends", () -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 5);
    assertThat(handler.metrics().messagesFailed()).isPositive();
    assertThat(handler.metrics().lastSendFailure()).isInstanceOf(ConnectException.class);
    assertThat(handler.metrics().spansSent()).isZero();

    collector.listen();
    report(handler, 10, 3);

    assertThat(collector.awaitSpans(3)).extracting(s -> s.name()).containsExactlyInAnyOrder(
        "span-10", "span-11", "span-12");
    await("sent count", () -> handler.metrics().spansSent() == 3);
    assertThat(handler.metrics().spansQueued()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"500, URL_CONNECTION", "503, URL_CONNECTION", "503, OKHTTP"})
  void errorStatusCountsAsFailedSendAndReportingResumes(int status, SenderType sender) throws Exception {
    TestCollector collector = collector(TestCollector.start());
    collector.status(status);
    ZipkinSpanHandler handler = handler(builder(collector).sender(sender));

    report(handler, 1, 4);

    await("failed sends", () -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 4);
    assertThat(handler.metrics().messagesFailed()).isPositive();
    assertThat(handler.metrics().lastSendFailure()).isNotNull();

    collector.status(202);
    report(handler, 20, 2);

    assertThat(collector.awaitSpans(2)).hasSize(2);
    await("sent count", () -> handler.metrics().spansSent() == 2);
    assertThat(handler.metrics().spansDropped()).isEqualTo(4);
  }

  @Test
  void finishingSpansNeverWaitsForAHeldBackend() throws Exception {
    TestCollector collector = collector(TestCollector.start());
    collector.hold();
    ZipkinSpanHandler handler = handler(builder(collector));
    Tracing tracing = Tracing.newBuilder().serviceName("frontend").addSpanHandler(handler).build();

    tracing.tracer().newTrace().name("first").start().finish();
    collector.awaitFirstRequest(); // the reporter thread is now stuck in a send
    for (int i = 0; i < 100; i++) tracing.tracer().newTrace().name("while held").start().finish();

    assertThat(collector.spans()).isEmpty();
    assertThat(handler.metrics().spansQueued()).isEqualTo(101);
    assertThat(handler.metrics().spansDropped()).isZero();

    collector.release();
    assertThat(collector.awaitSpans(101)).hasSize(101);
  }

  @Test
  void eightThreadsReportingAtOnceLoseNothing() throws Exception {
    TestCollector collector = collector(TestCollector.start());
    ZipkinSpanHandler handler = handler(builder(collector).queuedMaxSpans(8_000));
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      long firstId = 1 + t * 1_000L;
      threads[t] = new Thread(() -> report(handler, firstId, 1_000));
      threads[t].start();
    }
    for (Thread thread : threads) thread.join();

    assertThat(collector.awaitSpans(8_000)).extracting(s -> s.id()).doesNotHaveDuplicates();
    await("sent count", () -> handler.metrics().spansSent() == 8_000);
    assertThat(handler.metrics().spansReported()).isEqualTo(8_000);
    assertThat(handler.metrics().spansDropped()).isZero();
  }

  @Test
  void answerAfterSecondsStillDelivers() throws Exception {
    TestCollector collector = collector(TestCollector.start());
    collector.delay(Duration.ofSeconds(2));
    ZipkinSpanHandler handler = handler(builder(collector));

    report(handler, 1, 3);

    assertThat(collector.awaitSpans(3)).hasSize(3);
    await("sent count", () -> handler.metrics().spansSent() == 3);
    assertThat(handler.metrics().spansDropped()).isZero();
  }

  @Test
  void answerLaterThanTheReadTimeoutIsAFailedSend() throws Exception {
    TestCollector collector = collector(TestCollector.start());
    collector.delay(Duration.ofSeconds(3));
    ZipkinSpanHandler handler = handler(builder(collector).readTimeout(Duration.ofMillis(300)));

    report(handler, 1, 2);

    await("failed sends", () -> handler.metrics().spansDropped(DropCause.SEND_FAILED) == 2);
    assertThat(handler.metrics().lastSendFailure()).isInstanceOf(SocketTimeoutException.class);

    collector.delay(Duration.ZERO);
    report(handler, 10, 1);
    await("sent count", () -> handler.metrics().spansSent() == 1);
  }

  @Test
  void aMillionSpansAgainstAHeldBackend_queueStaysAtItsBoundAndTheRestIsCountedDropped() throws Exception {
    TestCollector collector = collector(TestCollector.start());
    collector.hold();
    ZipkinSpanHandler handler = handler(builder(collector).queuedMaxSpans(1000));
    List<LogRecord> warnings = captureWarnings();

    handler.end(null, span(1));
    collector.awaitFirstRequest(); // one span in flight, held
    MutableSpan same = span(2);
    for (int i = 0; i < 1_000_000; i++) handler.end(null, same);

    ReportingMetrics metrics = handler.metrics();
    assertThat(metrics.spansReported()).isEqualTo(1_000_001);
    assertThat(metrics.spansQueued()).isEqualTo(1001); // the bound, plus the message in flight
    assertThat(metrics.spansDropped(DropCause.QUEUE_FULL)).isEqualTo(1_000_000 - 1000);
    assertThat(metrics.spansDropped()).isEqualTo(1_000_000 - 1000);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getMessage()).contains("QUEUE_FULL=1");

    collector.release();
    assertThat(collector.awaitSpans(1001)).hasSize(1001);
    await("sent count", () -> metrics.spansSent() == 1001);
    assertThat(metrics.spansQueued()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = SenderType.class, names = {"URL_CONNECTION", "OKHTTP"})
  void closeDeliversEverythingQueued(SenderType sender) throws Exception {
    TestCollector collector = collector(TestCollector.start());
    // A flush interval far beyond the close timeout: only close itself can get the last message out in time.
    ZipkinSpanHandler handler = handler(builder(collector).sender(sender).flushInterval(Duration.ofMinutes(1))
        .messageMaxBytes(16 * 1024).queuedMaxSpans(20_000));

    report(handler, 1, 5000);
    boolean complete = handler.close(Duration.ofSeconds(10));

    assertThat(complete).isTrue();
    assertThat(collector.spans()).hasSize(5000);
    assertThat(handler.metrics().spansSent()).isEqualTo(5000);
    assertThat(handler.metrics().spansDropped()).isZero();
  }

  @Test
  void closeOfAnIdleHandlerReturnsAtOnceAndLaterSpansAreCountedClosed() throws Exception {
    TestCollector collector = collector(TestCollector.start());
    ZipkinSpanHandler handler = handler(builder(collector).flushInterval(Duration.ofMinutes(1)));
    report(handler, 1, 1);
    handler.close(Duration.ofSeconds(10));
    assertThat(collector.spans()).hasSize(1);

    report(handler, 2, 3);

    assertThat(handler.metrics().spansDropped(DropCause.CLOSED)).isEqualTo(3);
    assertThat(handler.metrics().spansReported()).isEqualTo(4);
    assertThat(handler.close(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void closeReturnsWithinItsTimeoutWhenTheBackendHangs() throws Exception {
    TestCollector collector = collector(TestCollector.start());
    collector.hold();
    ZipkinSpanHandler handler = handler(builder(collector).closeTimeout(Duration.ofSeconds(1)));
    report(handler, 1, 1);
    collector.awaitFirstRequest();
    report(handler, 2, 500);

    boolean complete = handler.close(Duration.ofSeconds(1));

    assertThat(complete).isFalse();
    assertThat(collector.spans()).as("close returned while the backend still held the first message").isEmpty();
    // Counted before close returned: the 500 queued and the one in the message the backend holds.
    assertThat(handler.metrics().spansDropped(DropCause.CLOSED)).isEqualTo(501);
    assertThat(handler.metrics().spansQueued()).isZero();
  }

  @Test
  void closeReturnsWithinItsTimeoutWhenTheBackendIsDown() throws Exception {
    TestCollector collector = collector(TestCollector.down());
    ZipkinSpanHandler handler = handler(builder(collector));
    report(handler, 1, 1000);

    handler.close(Duration.ofSeconds(2));

    assertThat(handler.metrics().spansDropped()).isEqualTo(1000);
    assertThat(handler.metrics().spansSent()).isZero();
  }

  @Test
  void spanLargerThanAMessageIsDroppedAsTooLarge() throws Exception {
    TestCollector collector = collector(TestCollector.start());
    ZipkinSpanHandler handler = handler(builder(collector).messageMaxBytes(1024));

    handler.end(null, span(1).tag("big", "x".repeat(2000)));
    handler.end(null, span(2));

    assertThat(collector.awaitSpans(1)).extracting(s -> s.name()).containsExactly("span-2");
    await("drop counted", () -> handler.metrics().spansDropped(DropCause.TOO_LARGE) == 1);
  }

  List<LogRecord> captureWarnings() {
    Logger logger = Logger.getLogger(ZipkinSpanHandler.class.getName());
    List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(capture);
    resources.add(() -> logger.removeHandler(capture));
    return records;
  }
}
