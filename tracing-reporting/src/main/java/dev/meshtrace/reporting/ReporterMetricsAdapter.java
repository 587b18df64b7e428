package dev.meshtrace.reporting;

import zipkin2.reporter.ReporterMetrics;

/**
 * Receives zipkin-reporter's callbacks and counts each drop under its cause. The reporter does not say why it drops,
 * so the cause comes from where the call happens: right after a failed message on the same thread, it is that
 * message's spans; once closing, closing; on the reporter's own thread, an oversized span; anywhere else, the
 * report found the queue full.
 */
final class ReporterMetricsAdapter implements ReporterMetrics {
  private static final ThreadLocal<Boolean> AFTER_FAILED_MESSAGE = new ThreadLocal<>();

  private final ReportingMetrics metrics;
  private final DropWarning warning;
  private volatile Thread reporterThread;
  private volatile boolean closing;
  private volatile long queueLastSeenEmptyNanos;

  ReporterMetricsAdapter(ReportingMetrics metrics, DropWarning warning) {
    this.metrics = metrics;
    this.warning = warning;
  }

  /** Remembers the thread that sends, created by the reporter through our thread factory. */
  Thread newReporterThread(Runnable task) {
    Thread thread = new Thread(task);
    reporterThread = thread;
    return thread;
  }

  Thread reporterThread() {
    return reporterThread;
  }

  /** True when the reporter thread found its queue empty after {@code sinceNanos} (a {@link System#nanoTime}). */
  boolean queueSeenEmptySince(long sinceNanos) {
    return queueLastSeenEmptyNanos - sinceNanos > 0;
  }

  /** From now on, drops are counted as {@link DropCause#CLOSED} (other than failed sends). */
  void closing() {
    closing = true;
  }

  /** A span dropped before it reached the reporter (the handler was closed). */
  void droppedClosed() {
    dropped(DropCause.CLOSED, 1);
  }

  @Override
  public void incrementMessagesDropped(Throwable cause) {
    metrics.messageFailed(cause);
    AFTER_FAILED_MESSAGE.set(Boolean.TRUE);
  }

  @Override
  public void incrementSpansDropped(int quantity) {
    DropCause cause;
    if (AFTER_FAILED_MESSAGE.get() != null) {
      AFTER_FAILED_MESSAGE.remove();
      cause = DropCause.SEND_FAILED;
    } else if (closing) {
      cause = DropCause.CLOSED;
    } else if (Thread.currentThread() == reporterThread) {
      cause = DropCause.TOO_LARGE;
    } else {
      cause = DropCause.QUEUE_FULL;
    }
    dropped(cause, quantity);
  }

  private void dropped(DropCause cause, int quantity) {
    metrics.spansDropped(cause, quantity);
    warning.spansDropped();
  }

  /** Called by the reporter thread after each time it takes spans from its queue. */
  @Override
  public void updateQueuedSpans(int update) {
    if (update == 0) queueLastSeenEmptyNanos = System.nanoTime();
  }

  // The rest is counted where it is exact: reports by the handler, messages and bytes by CountingSender.

  @Override
  public void incrementMessages() {}

  @Override
  public void incrementSpans(int quantity) {}

  @Override
  public void incrementSpanBytes(int quantity) {}

  @Override
  public void incrementMessageBytes(int quantity) {}

  @Override
  public void updateQueuedBytes(int update) {}
}
