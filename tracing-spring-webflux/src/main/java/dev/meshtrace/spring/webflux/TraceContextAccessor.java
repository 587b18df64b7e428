package dev.meshtrace.spring.webflux;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.TraceContext;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * Lets context-propagation read and set meshtrace's current context. Setting makes a context current without a
 * scope to close: context-propagation restores the previous value itself, through {@link #restore}.
 */
final class TraceContextAccessor implements ThreadLocalAccessor<TraceContext> {
  private final CurrentTraceContext currentTraceContext;

  private TraceContextAccessor(CurrentTraceContext currentTraceContext) {
    this.currentTraceContext = currentTraceContext;
  }

  static void register(CurrentTraceContext currentTraceContext) {
    ContextRegistry registry = ContextRegistry.getInstance();
    registry.removeThreadLocalAccessor(ReactorTraceContext.KEY);
    registry.registerThreadLocalAccessor(new TraceContextAccessor(currentTraceContext));
  }

  @Override
  public Object key() {
    return ReactorTraceContext.KEY;
  }

  @Override
  public TraceContext getValue() {
    return currentTraceContext.get();
  }

  @Override
  public void setValue(TraceContext value) {
    currentTraceContext.newScope(value);
  }

  @Override
  public void setValue() {
    currentTraceContext.newScope(null);
  }

  @Override
  public void restore(TraceContext previousValue) {
    currentTraceContext.newScope(previousValue);
  }

  @Override
  public void restore() {
    currentTraceContext.newScope(null);
  }
}
