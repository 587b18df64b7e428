package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.applyIfSet;
import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.get;

import dev.meshtrace.otlp.OtlpProtocol;
import dev.meshtrace.otlp.OtlpSpanHandler;
import dev.meshtrace.spring.boot.MeshtraceProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Reports spans over OTLP: an {@link OtlpSpanHandler} from {@code meshtrace.otlp.*}, then the
 * {@code OTEL_EXPORTER_OTLP_*}, {@code OTEL_SERVICE_NAME} and {@code OTEL_RESOURCE_ATTRIBUTES} variables (read
 * through Spring's {@link Environment}, so they may be given as properties too), then the defaults. On when an OTLP
 * endpoint is configured or {@code meshtrace.otlp.enabled=true} ({@link OtlpConfigured}); reports alongside Zipkin
 * when that is configured too. Closed by the {@link dev.meshtrace.Tracing} bean, like the Zipkin reporter.
 */
@AutoConfiguration
@ConditionalOnClass(OtlpSpanHandler.class)
@ConditionalOnBooleanProperty(name = "meshtrace.enabled", matchIfMissing = true)
@Conditional(OtlpConfigured.class)
@EnableConfigurationProperties(MeshtraceProperties.class)
public class MeshtraceOtlpAutoConfiguration {

  @Bean(destroyMethod = "") // closed by Tracing.close(), which the context calls first
  @ConditionalOnMissingBean
  OtlpSpanHandler meshtraceOtlpSpanHandler(MeshtraceProperties properties, Environment environment) {
    MeshtraceProperties.Otlp otlp = properties.getOtlp();
    OtlpSpanHandler.Builder builder = OtlpSpanHandler.newBuilder()
        .environment(MeshtraceAutoConfiguration.otel(environment));
    applyIfSet("meshtrace.otlp.protocol", otlp.getProtocol(), value -> builder.protocol(OtlpProtocol.of(value)));
    applyIfSet("meshtrace.otlp.endpoint", otlp.getEndpoint(), builder::endpoint);
    otlp.getHeaders().forEach((name, value) ->
        applyIfSet("meshtrace.otlp.headers." + name, value, v -> builder.header(name, v)));
    applyIfSet("meshtrace.otlp.compression", otlp.getCompression(), builder::compression);
    applyIfSet("meshtrace.otlp.timeout", otlp.getTimeout(), builder::timeout);
    applyIfSet("meshtrace.otlp.certificate", otlp.getCertificate(), builder::trustedCertificates);
    if (otlp.getClientKey() != null || otlp.getClientCertificate() != null) {
      applyIfSet("meshtrace.otlp.client-key", otlp.getClientKey(),
          key -> builder.clientCertificate(key, otlp.getClientCertificate()));
      applyIfSet("meshtrace.otlp.client-certificate", otlp.getClientCertificate(),
          cert -> builder.clientCertificate(otlp.getClientKey(), cert));
    }
    ReporterProperties.apply("meshtrace.otlp", otlp, builder);
    return get("meshtrace.otlp", otlp.getEndpoint(), builder::build);
  }
}
