package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.zipkin.ZipkinSpanHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Actuator: the Zipkin reporter's counters as Micrometer meters, and a health contributor named
 * {@code meshtrace} that reports a backend that keeps failing as down ({@code management.health.meshtrace.enabled}
 * switches it off). Spring Boot 4 moved the health API to {@code org.springframework.boot.health}: one indicator
 * class per generation, each guarded by the presence of its API.
 */
@AutoConfiguration(after = MeshtraceZipkinAutoConfiguration.class)
@ConditionalOnBean(ZipkinSpanHandler.class)
public class MeshtraceZipkinActuatorAutoConfiguration {
  static final String HEALTH_ENABLED = "management.health.meshtrace.enabled";

  static ReporterHealth health(ZipkinSpanHandler handler) {
    return new ReporterHealth(handler.metrics(), handler.toString());
  }

  /** Micrometer meters of the reporter. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class MetersConfiguration {
    @Bean
    ReporterMeters meshtraceZipkinMeters(ZipkinSpanHandler handler) {
      return new ReporterMeters("meshtrace.zipkin", "Zipkin", handler.metrics());
    }
  }

  /** Spring Boot 3.x health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
  @ConditionalOnBooleanProperty(name = HEALTH_ENABLED, matchIfMissing = true)
  static class Boot3HealthConfiguration {
    @Bean
    ReporterHealthIndicatorBoot3 meshtraceHealthIndicator(ZipkinSpanHandler handler) {
      return new ReporterHealthIndicatorBoot3(health(handler), "Zipkin");
    }
  }

  /** Spring Boot 4.x health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
  @ConditionalOnBooleanProperty(name = HEALTH_ENABLED, matchIfMissing = true)
  static class Boot4HealthConfiguration {
    @Bean
    ReporterHealthIndicatorBoot4 meshtraceHealthIndicator(ZipkinSpanHandler handler) {
      return new ReporterHealthIndicatorBoot4(health(handler), "Zipkin");
    }
  }
}
