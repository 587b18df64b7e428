package dev.meshtrace.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class DropWarningTest {
  final List<LogRecord> records = new ArrayList<>();
  final Logger logger = Logger.getAnonymousLogger();
  final AtomicLong now = new AtomicLong(123);
  final ReportingMetrics metrics = new ReportingMetrics();
  final DropWarning warning =
      new DropWarning(logger, metrics, "http://zipkin:9411/api/v2/spans", TimeUnit.MINUTES.toNanos(1), now::get);

  DropWarningTest() {
    logger.setUseParentHandlers(false);
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  void drop(DropCause cause, int count) {
    for (int i = 0; i < count; i++) {
      metrics.spanReported();
      metrics.spansDropped(cause, 1);
      warning.spansDropped();
    }
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
  }

  @Test
  void warningCarriesTheTotalsAndTheLastFailure() {
    metrics.messageFailed(new IOException("connection refused"));
    drop(DropCause.SEND_FAILED, 3);
    drop(DropCause.QUEUE_FULL, 2);
    now.addAndGet(TimeUnit.MINUTES.toNanos(1));
    drop(DropCause.QUEUE_FULL, 1);

    assertThat(records).hasSize(2);
    assertThat(records.get(1).getMessage()).isEqualTo("Spans for http://zipkin:9411/api/v2/spans were dropped: "
        + "6 so far {QUEUE_FULL=3, SEND_FAILED=3} of 6 reported; last send failure: "
        + "java.io.IOException: connection refused. Next warning in 60s at the earliest.");
  }
}
