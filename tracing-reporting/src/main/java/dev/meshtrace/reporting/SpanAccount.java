package dev.meshtrace.reporting;

/**
 * Where each reported span ended up: sent, or dropped for a cause. Counts into {@link ReportingMetrics} and tells
 * the {@link DropWarning} of each drop.
 *
 * <p>{@link SpanReporter#close} settles the account when its time is up: every span still unsent (queued, in
 * the message being gathered, or in a message the backend has not answered) is counted as {@link DropCause#CLOSED}
 * at once, and whatever the reporter thread reports about those spans afterwards is ignored, so the counts are
 * final when close returns.
 */
final class SpanAccount {
  private final ReportingMetrics metrics;
  private final DropWarning warning;
  private final Object lock = new Object();
  private volatile boolean settled;

  SpanAccount(ReportingMetrics metrics, DropWarning warning) {
    this.metrics = metrics;
    this.warning = warning;
  }

  /** True once {@link #settle()} ran: nothing the reporter thread still holds counts any more. */
  boolean settled() {
    return settled;
  }

  /** The backend accepted a message of {@code spans} spans, of which it rejected {@code rejected} (partial success). */
  void sent(int spans, long rejected, int bytes) {
    synchronized (lock) {
      if (settled) return;
      metrics.messageSent(spans, rejected, bytes);
    }
    if (rejected > 0) warning.spansDropped(DropCause.REJECTED, Math.min(rejected, spans), null);
  }

  /** A message of {@code spans} spans failed. */
  void sendFailed(Throwable failure, int spans) {
    synchronized (lock) {
      if (settled) return;
      metrics.messageFailed(failure);
      metrics.spansDropped(DropCause.SEND_FAILED, spans);
    }
    warning.spansDropped(DropCause.SEND_FAILED, spans, failure);
  }

  /** The reporter dropped spans it had accepted (too large, or left when it closed). */
  void dropped(DropCause cause, int spans) {
    synchronized (lock) {
      if (settled) return;
      metrics.spansDropped(cause, spans);
    }
    warning.spansDropped(cause, spans, null);
  }

  /**
   * A span refused as it was reported (queue full, or the handler closed): counted on the reporting thread, without
   * a lock. Never after {@link #settle()} for a span that {@link #settle()} counted, as close waits for reports in
   * progress first.
   */
  void rejected(DropCause cause) {
    metrics.spansDropped(cause, 1);
    warning.spansDropped(cause, 1, null);
  }

  /** Counts every span still unsent as {@link DropCause#CLOSED} and ignores later outcomes; returns that count. */
  long settle() {
    synchronized (lock) {
      settled = true;
      long unsent = metrics.spansQueued();
      if (unsent > 0) metrics.spansDropped(DropCause.CLOSED, unsent);
      return unsent;
    }
  }
}
