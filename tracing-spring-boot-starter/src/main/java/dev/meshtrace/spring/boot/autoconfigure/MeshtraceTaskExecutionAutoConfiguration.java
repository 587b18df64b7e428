package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.Tracing;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

/**
 * Carries the current context into {@code @Async} methods and tasks run by Spring Boot's auto-configured executor:
 * a {@link TaskDecorator} bean, which Boot applies to the executors it builds.
 *
 * <p>Spring Boot 4 composes every {@code TaskDecorator} bean, so ours is added next to the application's. Spring
 * Boot 3.5 applies a decorator only when it is the single one: there ours backs off when the application declares
 * its own, which should then wrap with {@link MeshtraceTaskDecorator} itself.
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnBean(Tracing.class)
public class MeshtraceTaskExecutionAutoConfiguration {

  /** A class that exists from Spring Boot 4.0 on, whose task executors compose all decorators. */
  static final String BOOT_4_MARKER = "org.springframework.boot.EnvironmentPostProcessor";

  /** Spring Boot 4: composed with the application's decorators. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = BOOT_4_MARKER)
  static class ComposedTaskDecoratorConfiguration {
    @Bean
    @ConditionalOnMissingBean(MeshtraceTaskDecorator.class)
    MeshtraceTaskDecorator meshtraceTaskDecorator(Tracing tracing) {
      return new MeshtraceTaskDecorator(tracing.currentTraceContext());
    }
  }

  /** Spring Boot 3.5: the only decorator, or none. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass(BOOT_4_MARKER)
  static class SingleTaskDecoratorConfiguration {
    @Bean
    @ConditionalOnMissingBean(TaskDecorator.class)
    MeshtraceTaskDecorator meshtraceTaskDecorator(Tracing tracing) {
      return new MeshtraceTaskDecorator(tracing.currentTraceContext());
    }
  }
}
