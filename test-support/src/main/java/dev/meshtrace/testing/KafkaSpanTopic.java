package dev.meshtrace.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Reads the messages on a Kafka topic's only partition (as {@link KafkaBroker} creates topics) from its beginning,
 * each a list of spans in Zipkin's JSON or proto3 encoding, decoded as Zipkin's Kafka collector decodes them. Needs
 * {@code org.apache.kafka:kafka-clients} on the test class path (test-support does not bring it).
 */
public final class KafkaSpanTopic implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<byte[]> messages = new ArrayList<>();
  private final List<Span> spans = new ArrayList<>();

  /** A consumer of {@code topic}'s partition 0, which need not exist yet; nothing is read until asked. */
  public KafkaSpanTopic(String bootstrapServers, String topic) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.assign(List.of(new TopicPartition(topic, 0)));
  }

  /**
   * Reads until at least {@code count} spans arrived in all, for 60 seconds at most; returns all read so far.
   *
   * @throws AssertionError when fewer arrived in time
   */
  public List<Span> awaitSpans(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (spans.size() < count) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("read " + spans.size() + " spans of " + count + " expected: " + spans);
      }
      poll();
    }
    return List.copyOf(spans);
  }

  /** The messages (encoded span lists) read so far, in topic order. */
  public List<byte[]> messages() {
    return List.copyOf(messages);
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      byte[] message = record.value();
      messages.add(message);
      boolean json = message.length > 0 && message[0] == '[';
      spans.addAll((json ? SpanBytesDecoder.JSON_V2 : SpanBytesDecoder.PROTO3).decodeList(message));
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
