package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.kafka.KafkaProcessing;
import dev.meshtrace.kafka.KafkaTracing;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * A record listener's processing span: started and made current (with the record's mesh headers) before the
 * listener runs, so calls it makes carry the record's trace and {@code x-request-id}; an error when the listener
 * fails; ended, and the earlier context back, after the record. Then calls the interceptor the container factory had
 * ({@code delegate}, may be null) under the record's context.
 */
final class TracingRecordInterceptor<K, V> implements RecordInterceptor<K, V> {
  private final KafkaTracing kafkaTracing;
  private final RecordInterceptor<K, V> delegate;
  private final ThreadLocal<KafkaProcessing> processing = new ThreadLocal<>();

  TracingRecordInterceptor(KafkaTracing kafkaTracing, RecordInterceptor<K, V> delegate) {
    this.kafkaTracing = kafkaTracing;
    this.delegate = delegate;
  }

  @Override
  public ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
    end(); // a record whose afterRecord never came must not stay current under this one
    processing.set(kafkaTracing.startProcessing(record, ConsumerGroups.of(consumer), null));
    if (delegate == null) return record;
    ConsumerRecord<K, V> intercepted;
    try {
      intercepted = delegate.intercept(record, consumer);
    } catch (RuntimeException | Error e) {
      failed(e);
      end();
      throw e;
    }
    if (intercepted == null) end(); // the listener will not see the record
    return intercepted;
  }

  @Override
  public void success(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
    if (delegate != null) delegate.success(record, consumer);
  }

  @Override
  public void failure(ConsumerRecord<K, V> record, Exception exception, Consumer<K, V> consumer) {
    failed(exception);
    if (delegate != null) delegate.failure(record, exception, consumer);
  }

  @Override
  public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
    try {
      if (delegate != null) delegate.afterRecord(record, consumer);
    } finally {
      end();
    }
  }

  @Override
  public void setupThreadState(Consumer<?, ?> consumer) {
    if (delegate != null) delegate.setupThreadState(consumer);
  }

  @Override
  public void clearThreadState(Consumer<?, ?> consumer) {
    try {
      if (delegate != null) delegate.clearThreadState(consumer);
    } finally {
      end();
    }
  }

  private void failed(Throwable error) {
    KafkaProcessing current = processing.get();
    if (current != null) current.error(error);
  }

  private void end() {
    KafkaProcessing current = processing.get();
    if (current == null) return;
    processing.remove();
    current.close();
  }
}
