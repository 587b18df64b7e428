package dev.meshtrace;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Holds the context of the work running on the current thread, and carries it into work handed to other threads.
 *
 * <p>The default implementation is a thread-local, which works unchanged on virtual threads.
 */
public abstract class CurrentTraceContext {
  private final ScopeDecorator[] decorators;

  protected CurrentTraceContext(List<ScopeDecorator> decorators) {
    this.decorators = decorators.toArray(new ScopeDecorator[0]);
  }

  /** A thread-local store with the given decorators (for example log correlation). */
  public static CurrentTraceContext threadLocal(ScopeDecorator... decorators) {
    return new ThreadLocalCurrentTraceContext(List.of(decorators));
  }

  /** The current context, or null. */
  public abstract TraceContext get();

  /** Makes {@code context} current (null clears it) until the returned scope closes. */
  public final Scope newScope(TraceContext context) {
    Scope scope = replace(context);
    for (ScopeDecorator decorator : decorators) scope = decorator.decorateScope(context, scope);
    return scope;
  }

  /** Like {@link #newScope} but returns {@link Scope#NOOP} when {@code context} is already current. */
  public final Scope maybeScope(TraceContext context) {
    return Objects.equals(get(), context) ? Scope.NOOP : newScope(context);
  }

  /** Sets the current context and returns the scope that restores the previous one. */
  protected abstract Scope replace(TraceContext context);

  /** Wraps {@code task} so it runs under the context current now. */
  public Runnable wrap(Runnable task) {
    TraceContext captured = get();
    return () -> {
      try (Scope ignored = maybeScope(captured)) {
        task.run();
      }
    };
  }

  /** Wraps {@code task} so it runs under the context current now. */
  public <V> Callable<V> wrap(Callable<V> task) {
    TraceContext captured = get();
    return () -> {
      try (Scope ignored = maybeScope(captured)) {
        return task.call();
      }
    };
  }

  /** An executor whose tasks run under the context current when each was submitted. */
  public Executor executor(Executor delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return task -> delegate.execute(wrap(task));
  }

  /** An executor service whose tasks run under the context current when each was submitted. */
  public ExecutorService executorService(ExecutorService delegate) {
    return new ContextExecutorService(this, Objects.requireNonNull(delegate, "delegate"));
  }

  /**
   * The default store: one slot per thread. A cleared slot holds null rather than being removed, so making a
   * context current again does not allocate a new thread-local entry.
   */
  static final class ThreadLocalCurrentTraceContext extends CurrentTraceContext {
    private final ThreadLocal<TraceContext> local = new ThreadLocal<>();
    private final Scope clearOnClose = () -> local.set(null);

    ThreadLocalCurrentTraceContext(List<ScopeDecorator> decorators) {
      super(decorators);
    }

    @Override
    public TraceContext get() {
      return local.get();
    }

    @Override
    protected Scope replace(TraceContext context) {
      TraceContext previous = local.get();
      local.set(context);
      return previous == null ? clearOnClose : () -> local.set(previous);
    }
  }
}
