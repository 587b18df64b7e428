package dev.meshtrace;

/** Lets tests in other packages see a span's recording state. */
public final class SpanInternals {
  private SpanInternals() {}

  /** Whether the handler that made {@code span} still holds it alone (its writes take no lock). */
  public static boolean isConfined(Span span) {
    PendingSpan pending = span.context().pending;
    return pending != null && pending.confined;
  }
}
