package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.otlp.OtlpSpanHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Actuator: the OTLP reporter's counters as Micrometer meters ({@code meshtrace.otlp.*}), and a health
 * contributor named {@code meshtraceOtlp} that reports a collector that keeps failing as down
 * ({@code management.health.meshtrace-otlp.enabled} switches it off); as
 * {@link MeshtraceZipkinActuatorAutoConfiguration} does for Zipkin.
 */
@AutoConfiguration(after = MeshtraceOtlpAutoConfiguration.class)
@ConditionalOnBean(OtlpSpanHandler.class)
public class MeshtraceOtlpActuatorAutoConfiguration {
  static final String OTLP_HEALTH_ENABLED = "management.health.meshtrace-otlp.enabled";

  private static ReporterHealth health(OtlpSpanHandler handler) {
    return new ReporterHealth(handler.metrics(), handler.toString());
  }

  /** Micrometer meters of the reporter. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class MetersConfiguration {
    @Bean
    ReporterMeters meshtraceOtlpMeters(OtlpSpanHandler handler) {
      return new ReporterMeters("meshtrace.otlp", "OTLP", handler.metrics());
    }
  }

  /** Spring Boot 3.x health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
  @ConditionalOnBooleanProperty(name = OTLP_HEALTH_ENABLED, matchIfMissing = true)
  static class Boot3HealthConfiguration {
    @Bean
    ReporterHealthIndicatorBoot3 meshtraceOtlpHealthIndicator(OtlpSpanHandler handler) {
      return new ReporterHealthIndicatorBoot3(health(handler), "OTLP");
    }
  }

  /** Spring Boot 4.x health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
  @ConditionalOnBooleanProperty(name = OTLP_HEALTH_ENABLED, matchIfMissing = true)
  static class Boot4HealthConfiguration {
    @Bean
    ReporterHealthIndicatorBoot4 meshtraceOtlpHealthIndicator(OtlpSpanHandler handler) {
      return new ReporterHealthIndicatorBoot4(health(handler), "OTLP");
    }
  }
}
