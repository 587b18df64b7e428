package dev.meshtrace.otlp.internal;

/**
 * What one attempt to export a request came to.
 *
 * @param accepted the collector took the request (perhaps in part: see {@code rejectedSpans})
 * @param retryable a failure the OTLP spec says to retry
 * @param retryAfterNanos how long the collector asked us to wait before retrying, or -1
 * @param rejectedSpans spans of an accepted request the collector rejected (partial success)
 * @param message the collector's error or partial-success message, or null
 */
record ExportResult(boolean accepted, boolean retryable, long retryAfterNanos, long rejectedSpans, String message) {
  static ExportResult accepted(long rejectedSpans, String message) {
    return new ExportResult(true, false, -1, rejectedSpans, message);
  }

  static ExportResult failed(boolean retryable, long retryAfterNanos, String message) {
    return new ExportResult(false, retryable, retryAfterNanos, 0, message);
  }
}
