package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.kafka.KafkaTracing;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.kafka.core.ProducerPostProcessor;

/** Traces each producer a Spring Kafka producer factory creates; its spans tagged with the factory's client ID. */
final class TracingProducerPostProcessor<K, V> implements ProducerPostProcessor<K, V> {
  private final KafkaTracing kafkaTracing;
  private final String clientId;

  TracingProducerPostProcessor(KafkaTracing kafkaTracing, String clientId) {
    this.kafkaTracing = kafkaTracing;
    this.clientId = clientId;
  }

  @Override
  public Producer<K, V> apply(Producer<K, V> producer) {
    return kafkaTracing.producer(producer, clientId);
  }
}
