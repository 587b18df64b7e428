package dev.meshtrace.reporting;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logs dropped spans at WARNING without flooding the log: the first drop of a burst with its cause, then at most one
 * summary per interval while drops go on, and a final summary when the handler closes. A failed message is logged
 * with its cause but without a stack trace unless {@code FINE} is enabled: a backend out of reach is expected.
 */
final class DropWarning {
  static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger logger;
  private final ReportingMetrics metrics;
  private final String backend;
  private final FailureHint hint;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextWarning;
  private volatile long droppedAtLastWarning;

  DropWarning(Logger logger, ReportingMetrics metrics, String backend, FailureHint hint, long intervalNanos,
      LongSupplier nanoTime) {
    this.logger = logger;
    this.metrics = metrics;
    this.backend = backend;
    this.hint = hint;
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
    this.nextWarning = new AtomicLong(nanoTime.getAsLong());
  }

  /** Called after {@code count} spans were dropped for {@code cause}; cheap unless a warning is due. */
  void spansDropped(DropCause cause, long count, Throwable failure) {
    long now = nanoTime.getAsLong();
    long due = nextWarning.get();
    if (now - due < 0 || !nextWarning.compareAndSet(due, now + intervalNanos)) return;
    long dropped = metrics.spansDropped();
    long before = droppedAtLastWarning;
    droppedAtLastWarning = dropped;
    if (!logger.isLoggable(Level.WARNING)) return;
    // Nothing dropped since the last warning but these spans: a new burst begins.
    String message = dropped - count <= before
        ? "Dropping spans for " + backend + ": " + count + " " + reason(cause, failure) + "."
            + (failure == null ? "" : hint.forFailure(failure)) + " "
        : "Still dropping spans for " + backend + ": " + (dropped - before) + " since the last warning, the latest "
            + count + " " + reason(cause, failure) + ". ";
    log(Level.WARNING, "end", message + totals() + " Further drops are summarised at most every "
        + TimeUnit.NANOSECONDS.toSeconds(intervalNanos) + "s, and when the reporter closes.", stackWorthy(failure));
  }

  /**
   * The final summary when the handler has closed: a WARNING when any span was ever dropped (how many at shutdown,
   * why, and the totals), else a {@code FINE} line. Logged even while the JVM shuts down.
   */
  void closed(long[] droppedBeforeClose, long unsent, Duration closeTimeout) {
    long[] droppedNow = metrics.droppedCounts();
    StringBuilder lost = new StringBuilder("{");
    long lostTotal = 0;
    for (DropCause cause : DropCause.values()) {
      long count = droppedNow[cause.ordinal()] - droppedBeforeClose[cause.ordinal()];
      if (count == 0) continue;
      if (lostTotal > 0) lost.append(", ");
      lost.append(cause).append('=').append(count);
      lostTotal += count;
    }
    lost.append('}');
    boolean anyDropped = metrics.spansDropped() > 0;
    Level level = anyDropped ? Level.WARNING : Level.FINE;
    if (!logger.isLoggable(level)) return;
    StringBuilder message = new StringBuilder("Closed the span reporter for ").append(backend).append(": ");
    if (lostTotal == 0) {
      message.append("no span lost at shutdown. ");
    } else {
      message.append(lostTotal).append(" spans lost at shutdown ").append(lost);
      if (unsent > 0) {
        message.append(", ").append(unsent).append(" of them still unsent when the close timeout (")
            .append(closeTimeout.toMillis()).append(" ms) ran out");
      }
      message.append(". ");
    }
    ShutdownLogging.log(logger, record(level, "close", message.append(totals()).toString(), null));
  }

  private String totals() {
    Throwable failure = metrics.lastSendFailure();
    return "In all " + metrics.spansDropped() + " of " + metrics.spansReported() + " reported spans dropped "
        + metrics.droppedByCause() + ", " + metrics.spansSent() + " sent"
        + (failure == null ? "" : "; last send failure: " + failure) + ".";
  }

  private static String reason(DropCause cause, Throwable failure) {
    switch (cause) {
      case QUEUE_FULL:
        return "refused as the queue was full (queuedMaxSpans): the backend is slower than spans arrive, or down";
      case SEND_FAILED:
        return "in a message that failed: " + failure;
      case TOO_LARGE:
        return "larger than messageMaxBytes";
      case CLOSED:
        return "reported or still unsent after close";
      case REJECTED:
        return "rejected by the backend in a message it accepted (OTLP partial success)";
      default:
        throw new AssertionError(cause);
    }
  }

  /** The failure when its stack trace is to be shown: at FINE only, as failing to reach a backend is expected. */
  private Throwable stackWorthy(Throwable failure) {
    return logger.isLoggable(Level.FINE) ? failure : null;
  }

  private void log(Level level, String method, String message, Throwable thrown) {
    logger.log(record(level, method, message, thrown));
  }

  /** A record shown as from the handler's {@code method}: this class and the reporter thread are details. */
  private LogRecord record(Level level, String method, String message, Throwable thrown) {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName(logger.getName());
    record.setSourceClassName(logger.getName());
    record.setSourceMethodName(method);
    record.setThrown(thrown);
    return record;
  }
}
