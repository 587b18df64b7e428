package dev.meshtrace.spring.webflux;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import java.util.Objects;
import reactor.util.context.ContextView;

/**
 * The trace context in a Reactor chain. {@link TracingWebFilter} writes the server span's context into the
 * subscriber {@code Context} under {@link #KEY}; {@link TracingExchangeFilterFunction} reads its parent from there
 * first, then from the current thread. Application code reads it with
 * {@code Mono.deferContextual(view -> ... ReactorTraceContext.get(view, tracing) ...)}.
 *
 * <p>For applications that call {@code Hooks.enableAutomaticContextPropagation()},
 * {@link #registerContextPropagation} registers {@link #KEY} with Micrometer's {@code context-propagation}, so
 * Reactor restores the context as the thread's current one (and with it the scope decorators, such as the log
 * correlation fields) wherever the chain hops threads. The registry holds one accessor per key: the
 * {@link Tracing} registered last serves the application.
 */
public final class ReactorTraceContext {
  /** The key of the trace context in a Reactor {@code Context}, and of its context-propagation accessor. */
  public static final String KEY = "meshtrace.traceContext";

  private ReactorTraceContext() {}

  /** The context in {@code view}, else the one current on this thread, else null. */
  public static TraceContext get(ContextView view, Tracing tracing) {
    return get(view, tracing.currentTraceContext());
  }

  static TraceContext get(ContextView view, CurrentTraceContext currentTraceContext) {
    TraceContext context = view.getOrDefault(KEY, null);
    return context != null ? context : currentTraceContext.get();
  }

  /**
   * Registers {@code tracing}'s current context with Micrometer's {@code context-propagation} under {@link #KEY},
   * replacing any earlier registration. Needs {@code io.micrometer:context-propagation} on the class path.
   */
  public static void registerContextPropagation(Tracing tracing) {
    TraceContextAccessor.register(Objects.requireNonNull(tracing, "tracing").currentTraceContext());
  }
}
