package dev.meshtrace.jdk.httpclient;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Scope;
import dev.meshtrace.TraceContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The future {@code sendAsync} returns: completed under the caller's context, so the stages the application
 * attached run under it wherever the JDK completes the call, and its {@code *Async} stages without an executor run
 * under it too, on the JDK's default executor for the call. Dependent futures are of this type as well.
 * Cancelling the returned future cancels the JDK's, which aborts the exchange.
 */
final class CallerContextFuture<T> extends CompletableFuture<T> {
  private final CurrentTraceContext currentTraceContext;
  private final TraceContext context;
  private final CompletableFuture<?> source;
  private final Executor sourceExecutor;

  CallerContextFuture(CurrentTraceContext currentTraceContext, TraceContext context, CompletableFuture<?> source,
      Executor sourceExecutor) {
    this.currentTraceContext = currentTraceContext;
    this.context = context;
    this.source = source;
    this.sourceExecutor = sourceExecutor;
  }

  /** Completes this future under the caller's context. */
  void completeUnderCallersContext(T value, Throwable error) {
    try (Scope scope = currentTraceContext.maybeScope(context)) {
      if (error != null) {
        completeExceptionally(error);
      } else {
        complete(value);
      }
    }
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CallerContextFuture<>(currentTraceContext, context, null, sourceExecutor);
  }

  @Override
  public Executor defaultExecutor() {
    return task -> sourceExecutor.execute(() -> {
      try (Scope scope = currentTraceContext.maybeScope(context)) {
        task.run();
      }
    });
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (source != null) source.cancel(mayInterruptIfRunning);
    return cancelled;
  }
}
