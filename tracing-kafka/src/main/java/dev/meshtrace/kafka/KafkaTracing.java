package dev.meshtrace.kafka;

import dev.meshtrace.Span;
import dev.meshtrace.Tracing;
import dev.meshtrace.messaging.MessagingConsumerHandler;
import dev.meshtrace.messaging.MessagingProducerHandler;
import dev.meshtrace.messaging.MessagingTracing;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;

/**
 * Traces Kafka clients ({@code kafka-clients} 3.x and 4.x): the trace context and the mesh headers
 * ({@code x-request-id}, baggage, the forwarded list) travel in record headers from producer to consumer, so the
 * asynchronous half of a request stays in its trace and keeps the request ID Envoy gave it.
 *
 * <pre>{@code
 * KafkaTracing kafkaTracing = KafkaTracing.create(tracing);
 * Producer<String, String> producer = kafkaTracing.producer(new KafkaProducer<>(config), "checkout");
 * // listener side: one processing span per record, current while the record is processed
 * for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
 *   try (KafkaProcessing processing = kafkaTracing.startProcessing(record, "billing", "billing-1")) {
 *     try {
 *       handle(record); // outbound HTTP/gRPC calls made here carry the record's trace and x-request-id
 *     } catch (RuntimeException e) {
 *       processing.error(e);
 *       throw e;
 *     }
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #producer}: a PRODUCER span {@code send <topic>} per record, under the context current at
 *       {@code send} (with none, see {@link MessagingProducerHandler}: a context found in the record's headers, else a
 *       new trace, as Brave does), finished when the broker acknowledges, an error when the send fails; the user's
 *       callback is still called, under the context current at {@code send}.
 *   <li>{@link #consumer}: a CONSUMER span {@code receive <topic>} per record at {@code poll}, finished at once,
 *       whose context replaces the record's trace headers, for applications that poll themselves.
 *   <li>{@link #startProcessing} / {@link #nextProcessingSpan}: a CONSUMER span {@code process <topic>} per record
 *       while the application (or a listener container) processes it: a child of the context in the record's
 *       headers (the receive span's when the record came through {@link #consumer}, else the producer's), or a new
 *       trace linked to it ({@link MessagingTracing.Builder#consumerParent}).
 * </ul>
 *
 * <p>The wrappers are dynamic proxies over the {@link Producer} and {@link Consumer} interfaces: every method but
 * {@code send} and {@code poll} goes to the wrapped client unchanged, whichever methods the application's
 * kafka-clients version has. Tags: {@code messaging.system=kafka}, the topic, partition, offset, client ID and
 * consumer group when known; the record key only when {@link MessagingTracing.Builder#recordMessageKey} is on, the
 * value never. Headers that cannot be decoded or written never fail a send or a poll.
 */
public final class KafkaTracing {
  /** The value of {@code messaging.system}, and the remote service name of the spans. */
  public static final String SYSTEM = "kafka";

  private final MessagingTracing messagingTracing;
  private final MessagingProducerHandler producerHandler;
  private final MessagingConsumerHandler consumerHandler;

  private KafkaTracing(MessagingTracing messagingTracing) {
    this.messagingTracing = Objects.requireNonNull(messagingTracing, "messagingTracing");
    this.producerHandler = MessagingProducerHandler.create(messagingTracing);
    this.consumerHandler = MessagingConsumerHandler.create(messagingTracing);
  }

  /** Kafka tracing with the messaging defaults over {@code tracing}. */
  public static KafkaTracing create(Tracing tracing) {
    return new KafkaTracing(MessagingTracing.create(tracing));
  }

  /** Kafka tracing with {@code messagingTracing}'s settings. */
  public static KafkaTracing create(MessagingTracing messagingTracing) {
    return new KafkaTracing(messagingTracing);
  }

  public MessagingTracing messagingTracing() {
    return messagingTracing;
  }

  /** {@code producer}, traced; the client ID is not tagged. A producer already traced is returned as it is. */
  public <K, V> Producer<K, V> producer(Producer<K, V> producer) {
    return producer(producer, null);
  }

  /**
   * {@code producer}, traced, its spans tagged {@code messaging.client.id=clientId} (null: not tagged). A producer
   * already traced is returned as it is.
   */
  public <K, V> Producer<K, V> producer(Producer<K, V> producer, String clientId) {
    return proxy(Producer.class, Objects.requireNonNull(producer, "producer"), TracingProducer.class,
        () -> new TracingProducer(producer, clientId, producerHandler,
            messagingTracing.tracing().currentTraceContext()));
  }

  /** {@code consumer}, traced; its group is read from the consumer. A consumer already traced is returned as is. */
  public <K, V> Consumer<K, V> consumer(Consumer<K, V> consumer) {
    return consumer(consumer, null);
  }

  /**
   * {@code consumer}, traced: a {@code receive} span per record polled, tagged with the consumer's group (read from
   * its group metadata) and {@code clientId} (null: not tagged). A consumer already traced is returned as it is.
   */
  public <K, V> Consumer<K, V> consumer(Consumer<K, V> consumer, String clientId) {
    return proxy(Consumer.class, Objects.requireNonNull(consumer, "consumer"), TracingConsumer.class,
        () -> new TracingConsumer(consumer, clientId, consumerHandler));
  }

  /** {@code client} behind a proxy of {@code type} with the handler {@code handler} makes; or as is, if traced. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <C> C proxy(Class type, C client, Class<? extends ForwardingHandler> handlerType,
      Supplier<ForwardingHandler> handler) {
    if (Proxy.isProxyClass(client.getClass()) && handlerType.isInstance(Proxy.getInvocationHandler(client))) {
      return client;
    }
    return (C) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler.get());
  }

  /** Like {@link #nextProcessingSpan(ConsumerRecord, String, String)} with the group and client ID unknown. */
  public Span nextProcessingSpan(ConsumerRecord<?, ?> record) {
    return nextProcessingSpan(record, null, null);
  }

  /**
   * The CONSUMER span {@code process <topic>} of processing {@code record}, started and not yet current: make it
   * current while processing ({@code tracer.withSpanInScope(span)}) and end it with
   * {@link #finishProcessingSpan}. {@code consumerGroup} and {@code clientId} are tagged when not null. A no-op span,
   * still carrying the record's mesh headers, when unsampled or in forward mode. Never throws for any header.
   */
  public Span nextProcessingSpan(ConsumerRecord<?, ?> record, String consumerGroup, String clientId) {
    return consumerHandler.handleProcess(new KafkaConsumerRequest(record, consumerGroup, clientId));
  }

  /** Ends a span from {@link #nextProcessingSpan}: an error when {@code error} is not null. */
  public void finishProcessingSpan(Span span, Throwable error) {
    consumerHandler.handleProcessed(span, error);
  }

  /** Like {@link #startProcessing(ConsumerRecord, String, String)} with the group and client ID unknown. */
  public KafkaProcessing startProcessing(ConsumerRecord<?, ?> record) {
    return startProcessing(record, null, null);
  }

  /**
   * Starts the processing span of {@code record} ({@link #nextProcessingSpan}) and makes it current on this thread,
   * with the record's mesh headers, until the returned handle closes; close it on this thread, in a
   * try-with-resources, and report a failure with {@link KafkaProcessing#error} first. The context that was current
   * before comes back on close, so nothing of one record leaks into the next.
   */
  public KafkaProcessing startProcessing(ConsumerRecord<?, ?> record, String consumerGroup, String clientId) {
    Span span = nextProcessingSpan(record, consumerGroup, clientId);
    return new KafkaProcessing(consumerHandler, span, messagingTracing.tracing().tracer().withSpanInScope(span));
  }

  /** The record key as text: a String key as it is; other keys (bytes, numbers, objects) are not recorded. */
  static String keyText(Object key) {
    return key instanceof String ? (String) key : null;
  }
}
