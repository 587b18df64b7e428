package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.Tracing;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Trace-break diagnostics with Actuator: the orphan-call counts as the Micrometer counter
 * {@code meshtrace.orphan.calls} (tags {@code adapter}, {@code host}), and the read-only endpoint {@code meshtrace}
 * returning {@code tracing.diagnostics()} (not exposed over the web unless listed in
 * {@code management.endpoints.web.exposure.include}). Detection itself is configured on {@link Tracing} by
 * {@code meshtrace.diagnostics.orphan-calls.*}.
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class)
@ConditionalOnBean(Tracing.class)
public class MeshtraceDiagnosticsAutoConfiguration {
  /** Micrometer counters of orphan calls. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class MetersConfiguration {
    @Bean
    OrphanCallMeters meshtraceOrphanCallMeters(Tracing tracing) {
      return new OrphanCallMeters(tracing);
    }
  }

  /** The {@code meshtrace} Actuator endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MeshtraceEndpoint meshtraceEndpoint(Tracing tracing) {
      return new MeshtraceEndpoint(tracing);
    }
  }
}
