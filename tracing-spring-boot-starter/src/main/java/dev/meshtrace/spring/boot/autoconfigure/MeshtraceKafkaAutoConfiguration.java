package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.Tracing;
import dev.meshtrace.kafka.KafkaTracing;
import dev.meshtrace.messaging.MessagingSpanCustomizer;
import dev.meshtrace.messaging.MessagingTracing;
import dev.meshtrace.spring.boot.MeshtraceProperties;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Traces Kafka when kafka-clients is on the class path: {@link MessagingTracing} (from {@code meshtrace.kafka.*},
 * with every {@link MessagingSpanCustomizer} bean, in {@code @Order}) and {@link KafkaTracing} beans, for clients
 * the application builds itself ({@code kafkaTracing.producer(new KafkaProducer<>(config))}). With Spring Kafka,
 * every producer its producer factories create and every record or batch its listener containers process are traced
 * with no code ({@link KafkaClientsPostProcessor}).
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class)
@ConditionalOnClass({Producer.class, KafkaTracing.class})
@ConditionalOnBean(Tracing.class)
@ConditionalOnBooleanProperty(name = "meshtrace.kafka.enabled", matchIfMissing = true)
public class MeshtraceKafkaAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MessagingTracing meshtraceMessagingTracing(Tracing tracing, MeshtraceProperties properties,
      ObjectProvider<MessagingSpanCustomizer> customizers) {
    MeshtraceProperties.KafkaClients kafka = properties.getKafka();
    MessagingTracing.Builder builder = MessagingTracing.newBuilder(tracing)
        .consumerParent(kafka.getConsumerParent()).recordMessageKey(kafka.isRecordKey());
    customizers.orderedStream().forEach(builder::addCustomizer);
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  KafkaTracing meshtraceKafkaTracing(MessagingTracing messagingTracing) {
    return KafkaTracing.create(messagingTracing);
  }

  /** Spring Kafka's producer factories and listener container factories. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ProducerFactory.class)
  static class SpringKafkaConfiguration {
    @Bean
    static KafkaClientsPostProcessor meshtraceKafkaClientsPostProcessor(ObjectProvider<KafkaTracing> kafkaTracing) {
      return new KafkaClientsPostProcessor(kafkaTracing);
    }
  }
}
