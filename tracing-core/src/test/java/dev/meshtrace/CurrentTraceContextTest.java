package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scopes, decorators, and carrying the context into other threads' work without leaking it. */
class CurrentTraceContextTest {
  final CurrentTraceContext current = CurrentTraceContext.threadLocal();
  final Tracer tracer = Tracing.newBuilder().currentTraceContext(current).build().tracer();
  final TraceContext a = tracer.newTrace().context();
  final TraceContext b = tracer.newTrace().context();
  final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void shutdown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(current.get()).as("the test thread is left clean").isNull();
  }

  TraceContext onPoolThread() throws Exception {
    return pool.submit(current::get).get(5, TimeUnit.SECONDS);
  }

  @Test
  void scopesNestAndEachCloseRestoresThePrevious() {
    assertThat(current.get()).isNull();
    try (Scope outer = current.newScope(a)) {
      assertThat(current.get()).isSameAs(a);
      try (Scope inner = current.newScope(b)) {
        assertThat(current.get()).isSameAs(b);
        try (Scope cleared = current.newScope(null)) {
          assertThat(current.get()).isNull();
        }
        assertThat(current.get()).isSameAs(b);
      }
      assertThat(current.get()).isSameAs(a);
    }
    assertThat(current.get()).isNull();
  }

  @Test
  void maybeScopeChangesNothingWhenTheContextIsAlreadyCurrent() {
    try (Scope outer = current.newScope(a)) {
      assertThat(current.maybeScope(a)).isSameAs(Scope.NOOP);
      try (Scope other = current.maybeScope(b)) {
        assertThat(current.get()).isSameAs(b);
      }
      assertThat(current.get()).isSameAs(a);
    }
  }

  @Test
  void withSpanInScopeMakesTheSpanCurrent() {
    Span span = tracer.newTrace();
    try (Scope scope = tracer.withSpanInScope(span)) {
      assertThat(tracer.currentContext()).isSameAs(span.context());
      try (Scope cleared = tracer.withSpanInScope(null)) {
        assertThat(tracer.currentSpan()).isNull();
      }
    }
    assertThat(tracer.currentContext()).isNull();
  }

  @Test
  void decoratorsSeeEveryChangeAndAreUndoneInOrder() {
    List<String> events = new ArrayList<>();
    CurrentTraceContext decorated = CurrentTraceContext.threadLocal(
        (context, scope) -> {
          events.add("set " + (context == null ? null : context.spanIdString()));
          return () -> {
            scope.close();
            events.add("restored");
          };
        });

    try (Scope scope = decorated.newScope(a)) {
      events.add("inside");
    }
    assertThat(events).containsExactly("set " + a.spanIdString(), "inside", "restored");
    assertThat(decorated.get()).isNull();
  }

  @Test
  void wrappedRunnableRunsUnderTheContextCurrentWhenWrapped() throws Exception {
    AtomicReference<TraceContext> seen = new AtomicReference<>();
    Runnable task;
    try (Scope scope = current.newScope(a)) {
      task = current.wrap(() -> seen.set(current.get()));
    }
    pool.submit(task).get(5, TimeUnit.SECONDS);

    assertThat(seen.get()).isSameAs(a);
    assertThat(onPoolThread()).isNull();
  }

  @Test
  void wrappedCallableRunsUnderTheContextCurrentWhenWrapped() throws Exception {
    Callable<TraceContext> task;
    try (Scope scope = current.newScope(b)) {
      task = current.wrap((Callable<TraceContext>) current::get);
    }

    assertThat(pool.submit(task).get(5, TimeUnit.SECONDS)).isSameAs(b);
    assertThat(onPoolThread()).isNull();
  }

  @Test
  void aThrowingTaskStillRestoresTheThread() throws Exception {
    Runnable failing;
    try (Scope scope = current.newScope(a)) {
      failing = current.wrap((Runnable) () -> {
        throw new IllegalStateException("boom");
      });
    }
    Future<?> result = pool.submit(failing);

    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(onPoolThread()).isNull();
  }

  @Test
  void aTaskWrappedWithoutContextClearsOneLeftOnTheThreadAndPutsItBack() throws Exception {
    Runnable leak = () -> current.newScope(a); // deliberately never closed
    pool.submit(leak).get(5, TimeUnit.SECONDS);
    Callable<TraceContext> wrapped = current.wrap((Callable<TraceContext>) current::get);

    assertThat(pool.submit(wrapped).get(5, TimeUnit.SECONDS)).isNull();
    assertThat(onPoolThread()).as("the wrapper restores what it found").isSameAs(a);
  }

  @Test
  void executorCarriesTheContextOfEachSubmission() throws Exception {
    java.util.concurrent.Executor executor = current.executor(pool);
    AtomicReference<TraceContext> first = new AtomicReference<>();
    AtomicReference<TraceContext> second = new AtomicReference<>();
    try (Scope scope = current.newScope(a)) {
      executor.execute(() -> first.set(current.get()));
    }
    try (Scope scope = current.newScope(b)) {
      executor.execute(() -> second.set(current.get()));
    }
    pool.submit(() -> {}).get(5, TimeUnit.SECONDS);

    assertThat(first.get()).isSameAs(a);
    assertThat(second.get()).isSameAs(b);
    assertThat(onPoolThread()).isNull();
  }

  @Test
  void executorServiceCarriesTheContextThroughEverySubmissionMethod() throws Exception {
    ExecutorService wrapped = current.executorService(pool);
    List<Callable<TraceContext>> tasks = List.of(current::get, current::get);
    AtomicReference<TraceContext> executed = new AtomicReference<>();
    AtomicReference<TraceContext> submittedRunnable = new AtomicReference<>();
    try (Scope scope = current.newScope(a)) {
      assertThat(wrapped.submit(current::get).get(5, TimeUnit.SECONDS)).isSameAs(a);
      wrapped.submit(() -> submittedRunnable.set(current.get())).get(5, TimeUnit.SECONDS);
      assertThat(wrapped.submit(() -> executed.set(current.get()), "done").get(5, TimeUnit.SECONDS))
          .isEqualTo("done");
      for (Future<TraceContext> result : wrapped.invokeAll(tasks)) assertThat(result.get()).isSameAs(a);
      for (Future<TraceContext> result : wrapped.invokeAll(tasks, 5, TimeUnit.SECONDS)) {
        assertThat(result.get()).isSameAs(a);
      }
      assertThat(wrapped.invokeAny(tasks)).isSameAs(a);
      assertThat(wrapped.invokeAny(tasks, 5, TimeUnit.SECONDS)).isSameAs(a);
    }
    AtomicReference<TraceContext> viaExecute = new AtomicReference<>();
    try (Scope scope = current.newScope(b)) {
      wrapped.execute(() -> viaExecute.set(current.get()));
    }
    pool.submit(() -> {}).get(5, TimeUnit.SECONDS);

    assertThat(submittedRunnable.get()).isSameAs(a);
    assertThat(executed.get()).isSameAs(a);
    assertThat(viaExecute.get()).isSameAs(b);
    assertThat(onPoolThread()).isNull();
    assertThat(wrapped.isShutdown()).isFalse();
    wrapped.shutdown();
    assertThat(wrapped.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(wrapped.isShutdown()).isTrue();
    assertThat(wrapped.isTerminated()).isTrue();
  }
}
