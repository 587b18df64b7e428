package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshtrace.handler.InMemorySpanCollector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * 10,000 spans on virtual threads through a wrapped executor. Compiles on JDK 17: the virtual-thread executor is
 * looked up by reflection, and the test is skipped below JDK 21.
 */
class VirtualThreadTest {
  static final int TASKS = 10_000;

  static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
    return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }

  @Test
  void tenThousandSpansOnVirtualThreadsLoseNoSpanAndLeakNoContext() throws Exception {
    int feature = Runtime.version().feature();
    assumeTrue(feature >= 21, "virtual threads need JDK 21 or later; this is JDK " + feature);
    InMemorySpanCollector spans = new InMemorySpanCollector();
    Tracing tracing = Tracing.newBuilder().addSpanHandler(spans).build();
    Tracer tracer = tracing.tracer();
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    Span parent = tracer.newTrace().name("parent").start();

    ExecutorService executor = tracing.currentTraceContext().executorService(newVirtualThreadPerTaskExecutor());
    try {
      List<Future<?>> results = new ArrayList<>();
      try (Scope scope = tracer.withSpanInScope(parent)) {
        for (int i = 0; i < TASKS; i++) {
          results.add(executor.submit(() -> {
            if (tracer.currentContext() != parent.context()) problems.add("task did not get the parent");
            Span child = tracer.nextSpan().name("child").start();
            try (Scope childScope = tracer.withSpanInScope(child)) {
              LockSupport.parkNanos(50_000); // unmounts: the task may resume on another carrier thread
              if (tracer.currentContext() != child.context()) problems.add("context lost across a park");
            } finally {
              child.finish();
            }
            if (tracer.currentContext() != parent.context()) problems.add("scope did not restore the parent");
          }));
        }
      }
      Future<TraceContext> outside = executor.submit(tracer::currentContext);
      for (Future<?> result : results) result.get(60, TimeUnit.SECONDS);
      assertThat(outside.get(60, TimeUnit.SECONDS)).as("submitted outside any scope").isNull();
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    parent.finish();

    assertThat(problems).isEmpty();
    assertThat(tracer.currentContext()).isNull();
    List<MutableSpan> children = spans.spans(span -> span.name().equals("child"));
    assertThat(children).hasSize(TASKS);
    assertThat(children).extracting(MutableSpan::parentId).containsOnly(parent.context().spanId());
    Set<Long> ids = new HashSet<>();
    for (MutableSpan child : children) ids.add(child.spanId());
    assertThat(ids).hasSize(TASKS);
  }
}
