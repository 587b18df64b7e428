package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

class MeshtraceTaskExecutionAutoConfigurationTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
          MeshtraceTaskExecutionAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

  @Test
  void asyncMethodsRunUnderTheCallersContextWithItsIdsInTheMdc() {
    runner.withUserConfiguration(AsyncService.class).run(context -> {
      Tracer tracer = context.getBean(Tracer.class);
      Span span = tracer.newTrace().name("caller").start();
      CompletableFuture<String[]> seen;
      try (Scope scope = tracer.withSpanInScope(span)) {
        seen = context.getBean(AsyncService.class).currentIds(tracer);
      }
      String[] ids = seen.get(10, TimeUnit.SECONDS);
      assertThat(ids[0]).as("thread").isNotEqualTo(Thread.currentThread().getName());
      assertThat(ids[1]).as("current span").isEqualTo(span.context().spanIdString());
      assertThat(ids[2]).as("MDC traceId").isEqualTo(span.context().traceIdString());
      assertThat(ids[3]).as("MDC spanId").isEqualTo(span.context().spanIdString());
    });
  }

  @Test
  void aTaskSubmittedWithoutAContextLeavesNoneBehindOnThePoolThread() {
    runner.run(context -> {
      Tracer tracer = context.getBean(Tracer.class);
      TaskExecutor executor = context.getBean("applicationTaskExecutor", TaskExecutor.class);
      List<String> seen = new CopyOnWriteArrayList<>();
      Span span = tracer.newTrace().start();
      try (Scope scope = tracer.withSpanInScope(span)) {
        executor.execute(() -> seen.add("traced " + tracer.currentContext()));
      }
      for (int i = 0; i < 8; i++) executor.execute(() -> seen.add("untraced " + tracer.currentContext()));
      awaitSize(seen, 9);
      assertThat(seen).containsOnlyOnce("traced " + span.context())
          .filteredOn(entry -> entry.startsWith("untraced")).hasSize(8).containsOnly("untraced null");
    });
  }

  @Test
  void applicationDecoratorIsComposedOnBoot4AndReplacesOursOnBoot35() {
    runner.withUserConfiguration(OwnDecorator.class).run(context -> {
      Tracer tracer = context.getBean(Tracer.class);
      TaskExecutor executor = context.getBean("applicationTaskExecutor", TaskExecutor.class);
      List<Object> seen = new CopyOnWriteArrayList<>();
      Span span = tracer.newTrace().start();
      try (Scope scope = tracer.withSpanInScope(span)) {
        executor.execute(() -> {
          seen.add(String.valueOf(OwnDecorator.MARK.get()));
          seen.add(String.valueOf(tracer.currentContext()));
        });
      }
      awaitSize(seen, 2);
      assertThat(seen.get(0)).as("the application's decorator ran").isEqualTo("own");
      if (BootGeneration.BOOT_4) { // Boot 4 composes all TaskDecorator beans; 3.5 applies only a single one
        assertThat(context).hasSingleBean(MeshtraceTaskDecorator.class);
        assertThat(seen.get(1)).isEqualTo(span.context().toString());
      } else {
        assertThat(context).doesNotHaveBean(MeshtraceTaskDecorator.class);
        assertThat(seen.get(1)).isEqualTo("null");
      }
    });
  }

  @Test
  void disabledAddsNoDecorator() {
    runner.withPropertyValues("meshtrace.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(TaskDecorator.class));
  }

  static void awaitSize(List<?> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (list.size() < size && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(list).hasSize(size);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAsync
  static class AsyncService {
    @Async
    public CompletableFuture<String[]> currentIds(Tracer tracer) {
      TraceContext current = tracer.currentContext();
      return CompletableFuture.completedFuture(new String[] {Thread.currentThread().getName(),
          current == null ? null : current.spanIdString(), MDC.get("traceId"), MDC.get("spanId")});
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnDecorator {
    static final ThreadLocal<String> MARK = new ThreadLocal<>();

    @Bean
    TaskDecorator ownDecorator() {
      return task -> () -> {
        MARK.set("own");
        try {
          task.run();
        } finally {
          MARK.remove();
        }
      };
    }
  }
}
