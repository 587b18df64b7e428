package dev.meshtrace;

/**
 * Receives each sampled span when it finishes: the place to redact, enrich or export. Handlers run in the order
 * they were added, on the thread that finished the span, and must not block: exporters queue and send elsewhere.
 */
@FunctionalInterface
public interface SpanHandler {
  /**
   * Called once per finished span. Returning false drops the span: later handlers do not see it. An exception
   * thrown here is logged and treated as {@code true}; it never reaches the application.
   */
  boolean end(TraceContext context, MutableSpan span);
}
