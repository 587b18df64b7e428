package dev.meshtrace.reporting;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one {@link SpanReporter}, for health checks and metrics exporters. Thread-safe and cheap to
 * read. Every reported span ends up sent or dropped, so {@code spansReported = spansSent + spansDropped +
 * spansQueued} (up to the spans a thread is reporting at the moment of reading). Once {@link SpanReporter#close}
 * has returned, nothing is queued: every span was sent or counted as dropped, and the counts no longer change
 * (except for spans reported after close, dropped at once as {@link DropCause#CLOSED}).
 */
public final class ReportingMetrics {
  private final LongAdder spansReported = new LongAdder();
  private final LongAdder spansSent = new LongAdder();
  private final Map<DropCause, LongAdder> spansDropped = new EnumMap<>(DropCause.class);
  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder messagesFailed = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder sendRetries = new LongAdder();
  private volatile Throwable lastSendFailure;

  ReportingMetrics() {
    for (DropCause cause : DropCause.values()) spansDropped.put(cause, new LongAdder());
  }

  /** Spans handed to the handler. */
  public long spansReported() {
    return spansReported.sum();
  }

  /** Spans in messages the backend accepted. */
  public long spansSent() {
    return spansSent.sum();
  }

  /** Spans dropped, for any cause. */
  public long spansDropped() {
    long total = 0;
    for (LongAdder count : spansDropped.values()) total += count.sum();
    return total;
  }

  /** Spans dropped for {@code cause}. */
  public long spansDropped(DropCause cause) {
    return spansDropped.get(cause).sum();
  }

  /** Spans reported but neither sent nor dropped yet: waiting in the queue or in the message being sent. */
  public long spansQueued() {
    // Outcomes first: every span they count was reported before, so the difference is never negative.
    long done = spansSent() + spansDropped();
    return spansReported() - done;
  }

  /** Messages the backend accepted (2xx). */
  public long messagesSent() {
    return messagesSent.sum();
  }

  /** Messages that failed; their spans count as dropped ({@link DropCause#SEND_FAILED}). */
  public long messagesFailed() {
    return messagesFailed.sum();
  }

  /** Bytes of the messages the backend accepted, before compression. */
  public long bytesSent() {
    return bytesSent.sum();
  }

  /** Retries of failed messages ({@link RetryPolicy}), counted when scheduled: closing may cancel the last. */
  public long sendRetries() {
    return sendRetries.sum();
  }

  /** The error of the most recent failed message, or null. */
  public Throwable lastSendFailure() {
    return lastSendFailure;
  }

  void spanReported() {
    spansReported.increment();
  }

  /** A message was delivered; {@code rejected} of its spans the backend did not take. */
  void messageSent(int spans, long rejected, int bytes) {
    messagesSent.increment();
    // Dropped first, then sent: a reader never sees more outcomes than reported spans.
    if (rejected > 0) spansDropped.get(DropCause.REJECTED).add(Math.min(rejected, spans));
    spansSent.add(spans - Math.min(rejected, spans));
    bytesSent.add(bytes);
  }

  void retried() {
    sendRetries.increment();
  }

  void messageFailed(Throwable cause) {
    messagesFailed.increment();
    lastSendFailure = cause;
  }

  void spansDropped(DropCause cause, long count) {
    spansDropped.get(cause).add(count);
  }

  @Override
  public String toString() {
    return "ReportingMetrics{reported=" + spansReported() + ", sent=" + spansSent() + ", queued=" + spansQueued()
        + ", dropped=" + droppedByCause() + ", messagesSent=" + messagesSent() + ", messagesFailed="
        + messagesFailed() + ", sendRetries=" + sendRetries() + "}";
  }

  /** The drop counts now, indexed by {@link DropCause#ordinal()}. */
  long[] droppedCounts() {
    long[] counts = new long[DropCause.values().length];
    for (DropCause cause : DropCause.values()) counts[cause.ordinal()] = spansDropped(cause);
    return counts;
  }

  /** The non-zero drop counts, e.g. {@code {QUEUE_FULL=12, SEND_FAILED=3}}. */
  String droppedByCause() {
    StringBuilder result = new StringBuilder("{");
    for (Map.Entry<DropCause, LongAdder> entry : spansDropped.entrySet()) {
      long count = entry.getValue().sum();
      if (count == 0) continue;
      if (result.length() > 1) result.append(", ");
      result.append(entry.getKey()).append('=').append(count);
    }
    return result.append('}').toString();
  }
}
