package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.kafka.KafkaTracing;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Traces what Spring Kafka builds, whoever declared the beans (Boot's auto-configuration or the application):
 *
 * <ul>
 *   <li>a {@link ProducerFactory}: every producer it creates is traced ({@link KafkaTracing#producer}), so each
 *       {@code KafkaTemplate.send} gets a PRODUCER span and carries the trace and mesh headers in the record;
 *   <li>a listener container factory: a {@link TracingRecordInterceptor} (record listeners: the record's span
 *       current while the listener runs) and a {@link TracingBatchInterceptor} (batch listeners: a span per record),
 *       each running before the interceptor the factory already had, which it then calls.
 * </ul>
 * Spring Kafka 4 reads a factory's interceptors with getters; 3.3 has none, so they are read from its fields.
 */
final class KafkaClientsPostProcessor implements BeanPostProcessor {
  private final ObjectProvider<KafkaTracing> kafkaTracing;

  KafkaClientsPostProcessor(ObjectProvider<KafkaTracing> kafkaTracing) {
    this.kafkaTracing = kafkaTracing;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof ProducerFactory) {
      traceProducers((ProducerFactory<?, ?>) bean);
    } else if (bean instanceof AbstractKafkaListenerContainerFactory) {
      traceListeners((AbstractKafkaListenerContainerFactory<?, ?, ?>) bean);
    }
    return bean;
  }

  private <K, V> void traceProducers(ProducerFactory<K, V> factory) {
    if (factory.getPostProcessors().stream().anyMatch(TracingProducerPostProcessor.class::isInstance)) return;
    Object clientId = factory.getConfigurationProperties().get(ProducerConfig.CLIENT_ID_CONFIG);
    factory.addPostProcessor(new TracingProducerPostProcessor<>(kafkaTracing.getObject(),
        clientId instanceof String ? (String) clientId : null));
  }

  @SuppressWarnings("unchecked")
  private <K, V> void traceListeners(AbstractKafkaListenerContainerFactory<?, K, V> factory) {
    DirectFieldAccessor fields = new DirectFieldAccessor(factory);
    Object record = fields.getPropertyValue("recordInterceptor");
    if (!(record instanceof TracingRecordInterceptor)) {
      factory.setRecordInterceptor(new TracingRecordInterceptor<>(kafkaTracing.getObject(),
          (RecordInterceptor<K, V>) record));
    }
    Object batch = fields.getPropertyValue("batchInterceptor");
    if (!(batch instanceof TracingBatchInterceptor)) {
      factory.setBatchInterceptor(new TracingBatchInterceptor<>(kafkaTracing.getObject(),
          (BatchInterceptor<K, V>) batch));
    }
  }
}
