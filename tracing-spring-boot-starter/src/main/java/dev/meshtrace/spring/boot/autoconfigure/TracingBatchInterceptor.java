package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.Span;
import dev.meshtrace.kafka.KafkaTracing;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.BatchInterceptor;

/**
 * A batch listener's processing spans: one per record, started before the listener runs and ended when it returns,
 * each with the batch's error when it fails. None is made current: a batch holds records of many traces. Then calls
 * the interceptor the container factory had ({@code delegate}, may be null).
 */
final class TracingBatchInterceptor<K, V> implements BatchInterceptor<K, V> {
  private final KafkaTracing kafkaTracing;
  private final BatchInterceptor<K, V> delegate;
  private final ThreadLocal<List<Span>> spans = new ThreadLocal<>();

  TracingBatchInterceptor(KafkaTracing kafkaTracing, BatchInterceptor<K, V> delegate) {
    this.kafkaTracing = kafkaTracing;
    this.delegate = delegate;
  }

  @Override
  public ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
    end(null); // a batch that never reached success or failure
    String group = ConsumerGroups.of(consumer);
    List<Span> started = new ArrayList<>(records.count());
    for (ConsumerRecord<K, V> record : records) started.add(kafkaTracing.nextProcessingSpan(record, group, null));
    spans.set(started);
    if (delegate == null) return records;
    ConsumerRecords<K, V> intercepted;
    try {
      intercepted = delegate.intercept(records, consumer);
    } catch (RuntimeException | Error e) {
      end(e);
      throw e;
    }
    if (intercepted == null) end(null); // the listener will not see the batch
    return intercepted;
  }

  @Override
  public void success(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
    try {
      if (delegate != null) delegate.success(records, consumer);
    } finally {
      end(null);
    }
  }

  @Override
  public void failure(ConsumerRecords<K, V> records, Exception exception, Consumer<K, V> consumer) {
    try {
      if (delegate != null) delegate.failure(records, exception, consumer);
    } finally {
      end(exception);
    }
  }

  @Override
  public void setupThreadState(Consumer<?, ?> consumer) {
    if (delegate != null) delegate.setupThreadState(consumer);
  }

  @Override
  public void clearThreadState(Consumer<?, ?> consumer) {
    if (delegate != null) delegate.clearThreadState(consumer);
  }

  private void end(Throwable error) {
    List<Span> started = spans.get();
    if (started == null) return;
    spans.remove();
    for (Span span : started) kafkaTracing.finishProcessingSpan(span, error);
  }
}
