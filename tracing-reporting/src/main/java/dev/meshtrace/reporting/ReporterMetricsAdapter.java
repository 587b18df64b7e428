package dev.meshtrace.reporting;

import zipkin2.reporter.ReporterMetrics;

/**
 * Receives zipkin-reporter's callbacks and counts each drop under its cause. The reporter does not say why it drops,
 * so the cause comes from where the call happens: once closing, closing; on the reporter's own thread, an oversized
 * span; anywhere else, the report found the queue full. Failed messages never reach the reporter: {@link
 * CountingSender} counts them.
 */
final class ReporterMetricsAdapter implements ReporterMetrics {
  private final SpanAccount account;
  private volatile Thread reporterThread;
  private volatile boolean closing;
  private volatile long queueLastSeenEmptyNanos;

  ReporterMetricsAdapter(SpanAccount account) {
    this.account = account;
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

  @Override
  public void incrementSpansDropped(int quantity) {
    if (closing) {
      account.dropped(DropCause.CLOSED, quantity);
    } else if (Thread.currentThread() == reporterThread) {
      account.dropped(DropCause.TOO_LARGE, quantity);
    } else {
      account.rejected(DropCause.QUEUE_FULL); // report() refuses one span at a time
    }
  }

  /** Called by the reporter thread after each time it takes spans from its queue. */
  @Override
  public void updateQueuedSpans(int update) {
    if (update == 0) queueLastSeenEmptyNanos = System.nanoTime();
  }

  // The rest is counted where it is exact: reports by the handler, messages and bytes by CountingSender.

  @Override
  public void incrementMessagesDropped(Throwable cause) {}

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
