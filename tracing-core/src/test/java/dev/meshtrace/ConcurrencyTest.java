package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.handler.InMemorySpanCollector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Eight threads starting, scoping and finishing spans at once: no span lost, no context leaked. */
class ConcurrencyTest {
  static final int THREADS = 8;
  static final int TRACES_PER_THREAD = 2_000;

  @Test
  void eightThreadsLoseNoSpanAndLeakNoContext() throws Exception {
    InMemorySpanCollector spans = new InMemorySpanCollector();
    Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();
    Tracer tracer = tracing.tracer();
    // Spans are also finished on a shared pool, as async clients do.
    ExecutorService finishers = tracing.currentTraceContext().executorService(Executors.newFixedThreadPool(2));
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    List<Future<?>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      results.add(threads.submit(() -> {
        start.await();
        for (int i = 0; i < TRACES_PER_THREAD; i++) {
          Span root = tracer.newTrace().name("root").start();
          try (Scope rootScope = tracer.withSpanInScope(root)) {
            Span local = tracer.nextSpan().name("local").start();
            try (Scope localScope = tracer.withSpanInScope(local)) {
              if (tracer.currentContext() != local.context()) problems.add("local not current");
              Span async = tracer.nextSpan().name("async").start();
              finishers.execute(() -> {
                if (tracer.currentContext() != local.context()) problems.add("async saw another context");
                async.finish();
              });
            } finally {
              local.finish();
            }
            if (tracer.currentContext() != root.context()) problems.add("root not restored");
          } finally {
            root.finish();
          }
          if (tracer.currentContext() != null) problems.add("context leaked after the trace");
        }
        return null;
      }));
    }
    for (Future<?> result : results) result.get(60, TimeUnit.SECONDS);
    threads.shutdown();
    finishers.shutdown();
    assertThat(finishers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    assertThat(problems).isEmpty();
    List<MutableSpan> finished = spans.spans();
    assertThat(finished).hasSize(THREADS * TRACES_PER_THREAD * 3);
    Set<Long> spanIds = new HashSet<>();
    Set<Long> roots = new HashSet<>();
    Set<Long> locals = new HashSet<>();
    for (MutableSpan span : finished) {
      spanIds.add(span.spanId());
      if (span.name().equals("root")) roots.add(span.spanId());
      if (span.name().equals("local")) locals.add(span.spanId());
    }
    assertThat(spanIds).hasSize(finished.size());
    List<MutableSpan> orphans = new ArrayList<>();
    for (MutableSpan span : finished) {
      Set<Long> parents = span.name().equals("local") ? roots : span.name().equals("async") ? locals : null;
      if (parents != null && !parents.contains(span.parentId())) orphans.add(span);
    }
    assertThat(orphans).isEmpty();
  }
}
