package dev.meshtrace.kafka;

import dev.meshtrace.messaging.MessagingProducerRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A {@link ProducerRecord} being sent, as core's producer handler sees it.
 *
 * <p>Headers are written into the application's record, except when an earlier send made them read-only (an
 * application re-sending a record): then the first write makes {@link #record} a copy with headers of its own, and
 * that copy is what gets sent. A record that came with no header (the common case) has only the lower-case names
 * meshtrace writes, so replacing one needs no scan of the headers.
 */
final class KafkaProducerRequest extends MessagingProducerRequest {
  /** The record to send: the application's, or its copy once its headers turned out read-only. */
  ProducerRecord<Object, Object> record;
  private final String clientId;
  private final boolean applicationHeaders;

  KafkaProducerRequest(ProducerRecord<Object, Object> record, String clientId) {
    this.record = record;
    this.clientId = clientId;
    this.applicationHeaders = record.headers().toArray().length > 0;
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

  @Override public boolean forEachHeader(BiConsumer<String, String> action) {
    return RecordHeaderAccess.forEach(record.headers(), action);
  }

  @Override public void header(String name, String value) {
    put(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Keeps {@code asciiValue} as the header's value, without a copy. */
  @Override public void asciiHeader(String name, byte[] asciiValue) {
    put(name, asciiValue);
  }

  private void put(String name, byte[] value) {
    try {
      remove(name);
      record.headers().add(name, value);
    } catch (IllegalStateException readOnly) {
      copyRecord();
      remove(name);
      record.headers().add(name, value);
    }
  }

  @Override public void removeHeader(String name) {
    try {
      remove(name);
    } catch (IllegalStateException readOnly) {
      copyRecord();
      remove(name);
    }
  }

  /** Removes {@code name} in any case; Kafka checks that the headers are writable before it changes anything. */
  private void remove(String name) {
    Headers headers = record.headers();
    if (applicationHeaders) {
      RecordHeaderAccess.remove(headers, name);
    } else if (headers.lastHeader(name) != null) {
      headers.remove(name);
    }
  }

  private void copyRecord() {
    ProducerRecord<Object, Object> sent = record;
    record = new ProducerRecord<>(sent.topic(), sent.partition(), sent.timestamp(), sent.key(), sent.value(),
        new RecordHeaders(sent.headers().toArray()));
  }

  @Override public Object unwrap() {
    return record;
  }
}
