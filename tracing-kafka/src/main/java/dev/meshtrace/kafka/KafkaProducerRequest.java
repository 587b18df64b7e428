package dev.meshtrace.kafka;

import dev.meshtrace.messaging.MessagingProducerRequest;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A {@link ProducerRecord} being sent, as core's producer handler sees it. */
final class KafkaProducerRequest extends MessagingProducerRequest {
  final ProducerRecord<?, ?> record;
  private final String clientId;

  KafkaProducerRequest(ProducerRecord<?, ?> record, String clientId) {
    this.record = record;
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

  @Override public int partition() {
    Integer partition = record.partition();
    return partition == null ? -1 : partition;
  }

  @Override public String messageKey() {
    return KafkaTracing.keyText(record.key());
  }

  @Override public String header(String name) {
    return RecordHeaderAccess.last(record.headers(), name);
  }

  @Override public String headerValues(String name) {
    return RecordHeaderAccess.joined(record.headers(), name);
  }

  @Override public boolean forEachHeader(BiConsumer<String, String> action) {
    return RecordHeaderAccess.forEach(record.headers(), action);
  }

  @Override public void header(String name, String value) {
    RecordHeaderAccess.set(record.headers(), name, value);
  }

  @Override public void removeHeader(String name) {
    RecordHeaderAccess.remove(record.headers(), name);
  }

  @Override public Object unwrap() {
    return record;
  }
}
