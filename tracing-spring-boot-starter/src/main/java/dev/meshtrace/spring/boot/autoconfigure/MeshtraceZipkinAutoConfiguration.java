package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.applyIfSet;
import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.get;

import dev.meshtrace.spring.boot.MeshtraceProperties;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Reports spans to Zipkin: a {@link ZipkinSpanHandler} from {@code meshtrace.zipkin.*}, which the tracing picks up
 * like every span handler bean. The {@link dev.meshtrace.Tracing} bean owns it: closing the application context closes
 * the tracing, which closes this handler, delivering the spans still queued within
 * {@code meshtrace.zipkin.close-timeout}. Backs off when the application declares its own handler, and when only OTLP
 * is configured ({@link ZipkinConfigured}).
 */
@AutoConfiguration
@ConditionalOnClass(ZipkinSpanHandler.class)
@ConditionalOnBooleanProperty(name = "meshtrace.enabled", matchIfMissing = true)
@Conditional(ZipkinConfigured.class)
@EnableConfigurationProperties(MeshtraceProperties.class)
public class MeshtraceZipkinAutoConfiguration {

  @Bean(destroyMethod = "") // closed by Tracing.close(), which the context calls first
  @ConditionalOnMissingBean
  ZipkinSpanHandler meshtraceZipkinSpanHandler(MeshtraceProperties properties) {
    MeshtraceProperties.Zipkin zipkin = properties.getZipkin();
    ZipkinSpanHandler.Builder builder = ZipkinSpanHandler.newBuilder();
    applyIfSet("meshtrace.zipkin.sender", zipkin.getSender(), builder::sender);
    applyIfSet("meshtrace.zipkin.endpoint", zipkin.getEndpoint(), builder::endpoint);
    applyIfSet("meshtrace.zipkin.encoding", zipkin.getEncoding(), builder::encoding);
    applyIfSet("meshtrace.zipkin.connect-timeout", zipkin.getConnectTimeout(), builder::connectTimeout);
    applyIfSet("meshtrace.zipkin.read-timeout", zipkin.getReadTimeout(), builder::readTimeout);
    applyIfSet("meshtrace.zipkin.compression", zipkin.getCompression(), builder::compression);
    ReporterProperties.apply("meshtrace.zipkin", zipkin, builder);
    return get("meshtrace.zipkin.sender", zipkin.getSender(), builder::build);
  }
}
