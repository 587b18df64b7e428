package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.TraceContext;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.ReportingMetrics;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ZipkinSpanHandler#close} keeps its contract synchronously: when it returns, every reported span was
 * delivered or is counted as dropped with its cause, and the summary of what was lost is already logged.
 */
class ZipkinSpanHandlerCloseTest {
  @RegisterExtension static final ZipkinServerExtension zipkin = new ZipkinServerExtension();

  final List<AutoCloseable> resources = new ArrayList<>();
  final LogCapture ours = capture(ZipkinSpanHandler.class.getName(), Level.WARNING);
  final LogCapture reporters = capture("zipkin2", Level.WARNING);

  @AfterEach
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
  }

  LogCapture capture(String logger, Level level) {
    LogCapture capture = LogCapture.of(logger, level);
    resources.add(capture);
    return capture;
  }

  ZipkinSpanHandler handler(ZipkinSpanHandler.Builder builder) {
    ZipkinSpanHandler handler = builder.build();
    resources.add(() -> handler.close(Duration.ZERO));
    return handler;
  }

  /** {@code count} spans of one new trace, each with a span ID from 1 up. */
  static long report(ZipkinSpanHandler handler, int count) {
    long traceId = System.nanoTime() | 1;
    for (long id = 1; id <= count; id++) {
      handler.end(null, new MutableSpan().ids(TraceContext.builder().traceId(0, traceId).spanId(id).sampled(true)
          .build()).name("span-" + id).localServiceName("close-test").startTimestamp(1_000_000)
          .finishTimestamp(1_000_500));
    }
    return traceId;
  }

  static void assertAccountedFor(ReportingMetrics metrics, long finished) {
    assertThat(metrics.spansReported()).isEqualTo(finished);
    assertThat(metrics.spansQueued()).as("still queued after close: %s", metrics).isZero();
    assertThat(metrics.spansSent() + metrics.spansDropped()).as("%s", metrics).isEqualTo(finished);
  }

  @Test
  void backendHangs_closeReturnsInTimeWithEverySpanCountedAndTheSummaryLogged() throws Exception {
    HangingBackend backend = new HangingBackend();
    resources.add(backend);
    Duration timeout = Duration.ofSeconds(1);
    ZipkinSpanHandler handler = handler(ZipkinSpanHandler.newBuilder().endpoint(backend.endpoint())
        .sender(SenderType.URL_CONNECTION).flushInterval(Duration.ofMillis(20)).closeTimeout(timeout));
    report(handler, 1);
    backend.awaitConnection(); // one span in a message that is never answered
    report(handler, 2999);

    handler.close(); // returns although the backend never answers: no wall-clock window, which load would break

    ReportingMetrics metrics = handler.metrics();
    assertAccountedFor(metrics, 3000);
    assertThat(metrics.spansDropped(DropCause.CLOSED)).isEqualTo(3000);
    assertThat(ours.records()).hasSize(1);
    assertThat(ours.records().get(0).getMessage())
        .startsWith("Closed the span reporter for " + backend.endpoint() + ": 3000 spans lost at shutdown "
            + "{CLOSED=3000}, 3000 of them still unsent when the close timeout (1000 ms) ran out.")
        .contains("In all 3000 of 3000 reported spans dropped {CLOSED=3000}, 0 sent.");
    assertThat(reporters.records()).isEmpty();
  }

  @Test
  void backendHangs_countsStayFinalAfterClose() throws Exception {
    HangingBackend backend = new HangingBackend();
    resources.add(backend);
    ZipkinSpanHandler handler = handler(ZipkinSpanHandler.newBuilder().endpoint(backend.endpoint())
        .sender(SenderType.URL_CONNECTION).flushInterval(Duration.ofMillis(20))
        .readTimeout(Duration.ofMillis(300)));
    report(handler, 1);
    backend.awaitConnection();
    report(handler, 99);

    assertThat(threadsNamingAreAlive(backend.endpoint())).as("the reporter thread, found by name").isTrue();
    handler.close(Duration.ofMillis(100));
    String settled = handler.metrics().toString();
    // The message in flight fails only now, after close gave up on it: it was counted once, as CLOSED.
    awaitThreadsGone(backend.endpoint());

    assertThat(handler.metrics()).hasToString(settled);
    assertThat(handler.metrics().spansDropped(DropCause.CLOSED)).isEqualTo(100);
    assertThat(handler.metrics().messagesFailed()).isZero();
    assertThat(reporters.records()).isEmpty();
  }

  static boolean threadsNamingAreAlive(String endpoint) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().contains(endpoint));
  }

  /** Waits until no thread whose name mentions {@code endpoint} (the reporter's, the closer's) is alive. */
  static void awaitThreadsGone(String endpoint) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (threadsNamingAreAlive(endpoint)) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("threads for " + endpoint + " still alive");
      Thread.sleep(10);
    }
  }

  @Test
  void backendDown_closeCountsEachFailedMessageWithItsCause() throws Exception {
    TestCollector down = TestCollector.down();
    resources.add(down);
    ZipkinSpanHandler handler = handler(ZipkinSpanHandler.newBuilder().endpoint(down.endpoint())
        .sender(SenderType.URL_CONNECTION).flushInterval(Duration.ofMinutes(1)).messageMaxBytes(16 * 1024));

    report(handler, 500);
    assertThat(handler.close(Duration.ofSeconds(20))).isTrue();

    ReportingMetrics metrics = handler.metrics();
    assertAccountedFor(metrics, 500);
    assertThat(metrics.spansDropped(DropCause.SEND_FAILED)).isEqualTo(500);
    assertThat(metrics.lastSendFailure()).isInstanceOf(ConnectException.class);
    List<String> messages = ours.records().stream().map(LogRecord::getMessage).toList();
    assertThat(messages.get(0)).startsWith("Dropping spans for " + down.endpoint() + ": ")
        .contains("in a message that failed: java.net.ConnectException");
    assertThat(messages.get(messages.size() - 1)).startsWith("Closed the span reporter for " + down.endpoint()
        + ": 500 spans lost at shutdown {SEND_FAILED=500}. In all 500 of 500 reported spans dropped "
        + "{SEND_FAILED=500}, 0 sent; last send failure: java.net.ConnectException");
    assertThat(messages).hasSize(2);
    assertThat(ours.records()).allSatisfy(record -> assertThat(record.getThrown()).isNull());
    assertThat(reporters.records()).isEmpty();
  }

  @Test
  void realZipkin_closeDeliversEverythingBeforeItReturns() {
    ZipkinSpanHandler handler = handler(ZipkinSpanHandler.newBuilder().endpoint(zipkin.server().spansEndpoint())
        .flushInterval(Duration.ofMinutes(1)).messageMaxBytes(64 * 1024));
    long traceId = report(handler, 2000);

    assertThat(handler.close(Duration.ofSeconds(20))).isTrue();

    assertAccountedFor(handler.metrics(), 2000);
    assertThat(handler.metrics().spansSent()).isEqualTo(2000);
    assertThat(zipkin.server().api().awaitTrace(String.format("%016x", traceId), 2000, Duration.ofSeconds(30)))
        .hasSize(2000);
    assertThat(ours.records()).isEmpty();
    assertThat(reporters.records()).isEmpty();
  }

  @Test
  void spansFinishedAfterCloseAreCountedAtOnce() {
    ZipkinSpanHandler handler = handler(ZipkinSpanHandler.newBuilder().endpoint(zipkin.server().spansEndpoint()));
    handler.close();

    report(handler, 3);

    assertAccountedFor(handler.metrics(), 3);
    assertThat(handler.metrics().spansDropped(DropCause.CLOSED)).isEqualTo(3);
  }
}
