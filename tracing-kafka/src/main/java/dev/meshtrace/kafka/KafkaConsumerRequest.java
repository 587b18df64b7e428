package dev.meshtrace.kafka;

import dev.meshtrace.messaging.MessagingConsumerRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A {@link ConsumerRecord} received, as core's consumer handler sees it. */
final class KafkaConsumerRequest extends MessagingConsumerRequest {
  private final ConsumerRecord<?, ?> record;
  private final String consumerGroup;
  private final String clientId;

  KafkaConsumerRequest(ConsumerRecord<?, ?> record, String consumerGroup, String clientId) {
    this.record = record;
    this.consumerGroup = consumerGroup;
    this.clientId = clientId;
  }

  @Override public String system() {
    return KafkaTracing.SYSTEM;
  }

  @Override public String destination() {
    return record.topic();
  }

  @Override public String clientId() {
    return clientId;
  }

  @Override public String consumerGroup() {
    return consumerGroup;
  }

  @Override public int partition() {
    return record.partition();
  }

  @Override public long offset() {
    return record.offset();
  }

  @Override public String messageKey() {
    return KafkaTracing.keyText(record.key());
  }

  @Override public String header(String name) {
    return RecordHeaderAccess.last(record.headers(), name);
  }

  @Override public boolean forEachHeader(BiConsumer<String, String> action) {
    return RecordHeaderAccess.forEach(record.headers(), action);
  }

  @Override public void header(String name, String value) {
    RecordHeaderAccess.set(record.headers(), name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Keeps {@code asciiValue} as the header's value, without a copy. */
  @Override public void asciiHeader(String name, byte[] asciiValue) {
    RecordHeaderAccess.set(record.headers(), name, asciiValue);
  }

  @Override public void removeHeader(String name) {
    RecordHeaderAccess.remove(record.headers(), name);
  }

  @Override public Object unwrap() {
    return record;
  }
}
