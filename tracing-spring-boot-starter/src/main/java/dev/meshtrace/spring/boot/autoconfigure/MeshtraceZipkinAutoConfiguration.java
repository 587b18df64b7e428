package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.apply;
import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.applyIfSet;
import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.get;

import dev.meshtrace.spring.boot.MeshtraceProperties;
import dev.meshtrace.zipkin.SenderType;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Reports spans to Zipkin: a {@link ZipkinSpanHandler} from {@code meshtrace.zipkin.*}, which the tracing picks up
 * like every span handler bean; over HTTP, or to a Kafka topic with {@code meshtrace.zipkin.sender=kafka} and
 * {@code meshtrace.zipkin.kafka.*}. The {@link dev.meshtrace.Tracing} bean owns it: closing the application context closes
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
  private static final String DELIVERY_TIMEOUT = "delivery.timeout.ms";
  private static final String LINGER = "linger.ms";
  private static final String REQUEST_TIMEOUT = "request.timeout.ms";

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
    applyKafka(zipkin.getSender(), zipkin.getKafka(), builder);
    ReporterProperties.apply("meshtrace.zipkin", zipkin, builder);
    return get("meshtrace.zipkin.sender", zipkin.getSender(), builder::build);
  }

  /** The {@code meshtrace.zipkin.kafka.*} settings, for the Kafka sender only; each failure names its property. */
  private static void applyKafka(SenderType sender, MeshtraceProperties.Kafka kafka,
      ZipkinSpanHandler.Builder builder) {
    if (sender != SenderType.KAFKA) {
      if (kafka.getBootstrapServers() != null) {
        throw new InvalidConfigurationPropertyValueException("meshtrace.zipkin.sender", sender,
            "meshtrace.zipkin.kafka.bootstrap-servers is set, but spans go to Kafka only with "
                + "meshtrace.zipkin.sender=kafka");
      }
      return;
    }
    if (kafka.getBootstrapServers() == null) {
      throw new InvalidConfigurationPropertyValueException("meshtrace.zipkin.kafka.bootstrap-servers", null,
          "meshtrace.zipkin.sender=kafka needs the brokers, such as kafka-1:9092,kafka-2:9092");
    }
    applyIfSet("meshtrace.zipkin.kafka.bootstrap-servers", kafka.getBootstrapServers(),
        builder::kafkaBootstrapServers);
    applyIfSet("meshtrace.zipkin.kafka.topic", kafka.getTopic(), builder::kafkaTopic);
    Map<String, String> overrides = kafka.getOverrides();
    overrides.forEach((key, value) -> apply("meshtrace.zipkin.kafka.overrides." + key, value,
        () -> builder.kafkaOverrides(withRelatedTimeouts(overrides, key))));
    apply("meshtrace.zipkin.kafka.overrides", overrides, () -> builder.kafkaOverrides(overrides));
  }

  /**
   * {@code key}'s override, checked alone so that a bad value is named by its property; the delivery timeout comes
   * with the linger and request timeout set beside it, as Kafka requires it to be at least their sum.
   */
  private static Map<String, String> withRelatedTimeouts(Map<String, String> overrides, String key) {
    Map<String, String> checked = new LinkedHashMap<>();
    if (key.equals(DELIVERY_TIMEOUT)) {
      for (String related : List.of(LINGER, REQUEST_TIMEOUT)) {
        if (overrides.containsKey(related)) checked.put(related, overrides.get(related));
      }
    }
    checked.put(key, overrides.get(key));
    return checked;
  }
}
