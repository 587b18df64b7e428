package dev.meshtrace.internal;

import dev.meshtrace.Mode;
import dev.meshtrace.Tracing;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Clears the trace headers meshtrace owns from an outbound request before the client handler writes its own, so
 * that one the application set (a {@code b3} when only W3C is injected, say) cannot contradict them. Shared by the
 * HTTP and RPC client handlers. In forward mode nothing is removed: forward mode alters nothing.
 */
public final class StaleTraceHeaders {
  private static final Logger LOG = Logger.getLogger(StaleTraceHeaders.class.getName());

  private final String[] names;

  public StaleTraceHeaders(Tracing tracing) {
    this.names = tracing.mode() == Mode.FORWARD
        ? new String[0]
        : tracing.propagation().traceHeaderNames().toArray(new String[0]);
  }

  /** Removes each owned name with {@code remove}; a library refusing a removal leaves the header, never throws. */
  public <R> void removeFrom(R request, BiConsumer<R, String> remove) {
    for (String name : names) {
      try {
        remove.accept(request, name);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "The client refused to remove header {0}: {1}", new Object[] {name, e});
      }
    }
  }
}
