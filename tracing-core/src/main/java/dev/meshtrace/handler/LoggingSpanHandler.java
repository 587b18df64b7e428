package dev.meshtrace.handler;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanHandler;
import dev.meshtrace.TraceContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Logs each finished span on one line through {@code java.util.logging} at {@code INFO}: for demos and debugging. */
public final class LoggingSpanHandler implements SpanHandler {
  private static final Logger LOG = Logger.getLogger(LoggingSpanHandler.class.getName());

  @Override
  public boolean end(TraceContext context, MutableSpan span) {
    if (LOG.isLoggable(Level.INFO)) LOG.info(span.toString());
    return true;
  }

  @Override
  public String toString() {
    return "LoggingSpanHandler";
  }
}
