package dev.meshtrace.reporting;

/** Why a span handed to a {@link SpanReporter} never reached the backend. */
public enum DropCause {
  /** The queue was at its bound ({@code queuedMaxSpans}): the backend is slower than spans arrive, or down. */
  QUEUE_FULL,
  /**
   * The handler was closed before the span was reported, or its close timed out with the span still unsent: queued,
   * or in a message the backend had not answered (which it may still receive).
   */
  CLOSED,
  /** The message carrying the span failed: connection refused, timeout, or an error status from the backend. */
  SEND_FAILED,
  /** The span alone is larger than {@code messageMaxBytes}. */
  TOO_LARGE,
  /** The backend accepted the message but rejected the span (OTLP partial success). */
  REJECTED
}
