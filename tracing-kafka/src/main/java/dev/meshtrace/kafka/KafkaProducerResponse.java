package dev.meshtrace.kafka;

import dev.meshtrace.messaging.MessagingProducerRequest;
import dev.meshtrace.messaging.MessagingProducerResponse;
import org.apache.kafka.clients.producer.RecordMetadata;

/** What Kafka's send callback reports, as core's producer handler sees it. */
final class KafkaProducerResponse extends MessagingProducerResponse {
  private final KafkaProducerRequest request;
  private final RecordMetadata metadata;
  private final Throwable error;

  KafkaProducerResponse(KafkaProducerRequest request, RecordMetadata metadata, Throwable error) {
    this.request = request;
    this.metadata = metadata;
    this.error = error;
  }

  @Override public MessagingProducerRequest request() {
    return request;
  }

  @Override public int partition() {
    return metadata == null ? -1 : metadata.partition();
  }

  @Override public long offset() {
    return metadata == null || !metadata.hasOffset() ? -1 : metadata.offset();
  }

  @Override public Throwable error() {
    return error;
  }

  @Override public Object unwrap() {
    return metadata;
  }
}
