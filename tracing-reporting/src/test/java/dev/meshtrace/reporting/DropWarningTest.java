package dev.meshtrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class DropWarningTest {
  static final String BACKEND = "http://zipkin:9411/api/v2/spans";

  final RecordedLog log = new RecordedLog();
  final List<LogRecord> records = log.records;
  final Logger logger = log.logger;
  final AtomicLong now = new AtomicLong(123);
  final ReportingMetrics metrics = new ReportingMetrics();
  final DropWarning warning = new DropWarning(logger, metrics, BACKEND, FailureHint.NONE, TimeUnit.MINUTES.toNanos(1), now::get);

  void drop(DropCause cause, int count) {
    for (int i = 0; i < count; i++) {
      metrics.spanReported();
      metrics.spansDropped(cause, 1);
      warning.spansDropped(cause, 1, null);
    }
  }

  void failedMessage(Throwable failure, int spans) {
    for (int i = 0; i < spans; i++) metrics.spanReported();
    metrics.messageFailed(failure);
    metrics.spansDropped(DropCause.SEND_FAILED, spans);
    warning.spansDropped(DropCause.SEND_FAILED, spans, failure);
  }

  @Test
  void warnsAtTheFirstDropThenAtMostOncePerInterval() {
    drop(DropCause.QUEUE_FULL, 1000);
    assertThat(records).hasSize(1);

    now.addAndGet(TimeUnit.SECONDS.toNanos(59));
    drop(DropCause.QUEUE_FULL, 1000);
    assertThat(records).hasSize(1);

    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    drop(DropCause.QUEUE_FULL, 1);
    assertThat(records).hasSize(2);
    assertThat(records.get(1).getMessage()).startsWith("Still dropping spans for " + BACKEND
        + ": 2000 since the last warning, the latest 1 refused as the queue was full (queuedMaxSpans)");
  }

  @Test
  void firstFailureOfABurstNamesItsCauseWithoutAStackTrace() {
    failedMessage(new ConnectException("Connection refused"), 3);

    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(records.get(0).getMessage()).isEqualTo("Dropping spans for " + BACKEND + ": 3 in a message that "
        + "failed: java.net.ConnectException: Connection refused. In all 3 of 3 reported spans dropped "
        + "{SEND_FAILED=3}, 0 sent; last send failure: java.net.ConnectException: Connection refused. "
        + "Further drops are summarised at most every 60s, and when the reporter closes.");
    assertThat(records.get(0).getThrown()).isNull();
  }

  @Test
  void stackTraceOfANetworkFailureOnlyAtFine() {
    logger.setLevel(Level.FINE);
    IOException failure = new IOException("reset");
    failedMessage(failure, 1);
    assertThat(records.get(0).getThrown()).isSameAs(failure);
  }

  @Test
  void anErrorStatusIsNoStackTraceEither() {
    failedMessage(new RuntimeException("response for null failed: 503"), 1);
    assertThat(records.get(0).getThrown()).isNull();
  }

  @Test
  void aNewBurstAfterAQuietIntervalStartsWithItsOwnCause() {
    failedMessage(new ConnectException("Connection refused"), 2);
    now.addAndGet(TimeUnit.MINUTES.toNanos(5));
    drop(DropCause.QUEUE_FULL, 1);

    assertThat(records).hasSize(2);
    assertThat(records.get(1).getMessage()).startsWith("Dropping spans for " + BACKEND + ": 1 refused as the "
        + "queue was full");
  }

  @Test
  void closeSummaryStatesWhatWasLostAtShutdownAndWhy() {
    failedMessage(new ConnectException("Connection refused"), 2);
    long[] before = metrics.droppedCounts();
    for (int i = 0; i < 7; i++) metrics.spanReported();
    metrics.spansDropped(DropCause.CLOSED, 5);
    metrics.spansDropped(DropCause.SEND_FAILED, 2);

    warning.closed(before, 5, Duration.ofSeconds(2));

    assertThat(records).hasSize(2);
    assertThat(records.get(1).getLevel()).isEqualTo(Level.WARNING);
    assertThat(records.get(1).getMessage()).isEqualTo("Closed the span reporter for " + BACKEND + ": 7 spans "
        + "lost at shutdown {CLOSED=5, SEND_FAILED=2}, 5 of them still unsent when the close timeout (2000 ms) ran "
        + "out. In all 9 of 9 reported spans dropped {CLOSED=5, SEND_FAILED=4}, 0 sent; last send failure: "
        + "java.net.ConnectException: Connection refused.");
  }

  @Test
  void closeSummaryAfterEarlierDropsOnly() {
    drop(DropCause.TOO_LARGE, 1);
    warning.closed(metrics.droppedCounts(), 0, Duration.ofSeconds(5));

    assertThat(records).hasSize(2);
    assertThat(records.get(1).getMessage()).isEqualTo("Closed the span reporter for " + BACKEND + ": no span "
        + "lost at shutdown. In all 1 of 1 reported spans dropped {TOO_LARGE=1}, 0 sent.");
  }

  @Test
  void everyCauseHasItsReason() {
    for (DropCause cause : DropCause.values()) {
      now.addAndGet(TimeUnit.MINUTES.toNanos(2)); // each drop starts a new warning
      drop(cause, 1);
    }
    assertThat(records).hasSize(DropCause.values().length);
    assertThat(records.get(DropCause.REJECTED.ordinal()).getMessage()).contains("partial success");
  }

  @Test
  void nothingDroppedNoWarningAtClose() {
    metrics.spanReported();
    metrics.messageSent(1, 0, 100);
    warning.closed(metrics.droppedCounts(), 0, Duration.ofSeconds(5));
    assertThat(records).isEmpty();
  }
}
