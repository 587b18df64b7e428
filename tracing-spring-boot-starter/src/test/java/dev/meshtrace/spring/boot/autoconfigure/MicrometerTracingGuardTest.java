package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Tracing;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MicrometerTracingGuardTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class));

  @Test
  void aWorkingMicrometerTracerFailsStartupWithAClearMessage() {
    runner.withUserConfiguration(WorkingMicrometerTracer.class).run(context -> assertThat(
        StartupFailures.messages(context)).contains("meshtrace and Micrometer Tracing would both trace")
            .contains("'micrometerTracer'").contains("meshtrace.enabled=false"));
  }

  @Test
  void micrometersNoopTracerIsNoConflict() {
    runner.withUserConfiguration(NoopMicrometerTracer.class)
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Tracing.class));
  }

  @Test
  void disabledMeshtraceLeavesMicrometerTracingAlone() {
    runner.withPropertyValues("meshtrace.enabled=false").withUserConfiguration(WorkingMicrometerTracer.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Tracing.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class WorkingMicrometerTracer {
    @Bean
    io.micrometer.tracing.Tracer micrometerTracer() {
      return (io.micrometer.tracing.Tracer) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {io.micrometer.tracing.Tracer.class}, (proxy, method, args) -> null);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class NoopMicrometerTracer {
    @Bean
    io.micrometer.tracing.Tracer micrometerTracer() {
      return io.micrometer.tracing.Tracer.NOOP;
    }
  }
}
