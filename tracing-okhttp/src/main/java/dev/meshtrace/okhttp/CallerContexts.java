package dev.meshtrace.okhttp;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.TraceContext;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Call;
import okhttp3.EventListener;

/**
 * The trace context current when each call of an instrumented client was created, kept until the call runs.
 *
 * <p>OkHttp asks the client's {@link EventListener.Factory} for a listener as it creates a call, on the caller's
 * thread, in 4.x and 5.x alike. Wrapping that factory captures the context there without wrapping {@link Call}
 * (whose abstract methods changed in 5.3) and without replacing the application's own listener, which the wrapped
 * factory still creates and returns unchanged. Keys are weak, so a call created and never executed leaves nothing
 * behind. One table serves every instrumented client, so clients instrumented by different {@link MeshtraceOkHttp}
 * instances, or re-instrumented after a change of listener, still find the contexts their calls captured.
 */
final class CallerContexts {
  /** Stands for "captured, and no context was current". */
  private static final Object NO_CONTEXT = new Object();

  private static final Map<Call, Object> CONTEXTS = Collections.synchronizedMap(new WeakHashMap<>());

  private CallerContexts() {}

  /** A factory that captures the current context for each call, then delegates to {@code delegate}. */
  static EventListener.Factory capturing(EventListener.Factory delegate, CurrentTraceContext currentTraceContext) {
    return new Capturing(delegate, currentTraceContext);
  }

  /** True when {@code factory} already captures contexts. */
  static boolean isCapturing(EventListener.Factory factory) {
    return factory instanceof Capturing;
  }

  /**
   * The context captured when {@code call} was created (null when none was current then), forgetting it; for a
   * call created by a client that does not capture, the context current now.
   */
  static TraceContext take(Call call, CurrentTraceContext currentTraceContext) {
    Object captured = CONTEXTS.remove(call);
    if (captured == null) return currentTraceContext.get();
    return captured == NO_CONTEXT ? null : (TraceContext) captured;
  }

  private static final class Capturing implements EventListener.Factory {
    private final EventListener.Factory delegate;
    private final CurrentTraceContext currentTraceContext;

    Capturing(EventListener.Factory delegate, CurrentTraceContext currentTraceContext) {
      this.delegate = delegate;
      this.currentTraceContext = currentTraceContext;
    }

    @Override
    public EventListener create(Call call) {
      TraceContext current = currentTraceContext.get();
      CONTEXTS.put(call, current == null ? NO_CONTEXT : current);
      return delegate.create(call);
    }
  }
}
