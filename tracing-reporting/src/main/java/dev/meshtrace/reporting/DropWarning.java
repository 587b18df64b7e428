package dev.meshtrace.reporting;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Logs a WARNING when spans are dropped: the first time, then at most once per interval, with the totals. */
final class DropWarning {
  static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger logger;
  private final ReportingMetrics metrics;
  private final String backend;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextWarning;

  DropWarning(Logger logger, ReportingMetrics metrics, String backend, long intervalNanos, LongSupplier nanoTime) {
    this.logger = logger;
    this.metrics = metrics;
    this.backend = backend;
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
    this.nextWarning = new AtomicLong(nanoTime.getAsLong());
  }

  /** Called after each drop; cheap unless a warning is due. */
  void spansDropped() {
    long now = nanoTime.getAsLong();
    long due = nextWarning.get();
    if (now - due < 0 || !nextWarning.compareAndSet(due, now + intervalNanos)) return;
    if (!logger.isLoggable(Level.WARNING)) return;
    Throwable failure = metrics.lastSendFailure();
    logger.warning("Spans for " + backend + " were dropped: " + metrics.spansDropped() + " so far "
        + metrics.droppedByCause() + " of " + metrics.spansReported() + " reported"
        + (failure == null ? "" : "; last send failure: " + failure)
        + ". Next warning in " + TimeUnit.NANOSECONDS.toSeconds(intervalNanos) + "s at the earliest.");
  }
}
