package dev.meshtrace.zipkin;

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
import zipkin2.codec.SpanBytesDecoder;

/** Reads the span lists on a Kafka topic's only partition from its beginning, decoded as Zipkin's collector does. */
final class SpanTopic implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<zipkin2.Span> spans = new ArrayList<>();

  SpanTopic(String bootstrapServers, String topic) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.assign(List.of(new TopicPartition(topic, 0)));
  }

  /** Polls until at least {@code count} spans were read in all (60 seconds at most); returns all read. */
  List<zipkin2.Span> awaitSpans(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (spans.size() < count) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("read " + spans.size() + " spans of " + count + " expected: " + spans);
      }
      poll();
    }
    return List.copyOf(spans);
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      spans.addAll(SpanBytesDecoder.JSON_V2.decodeList(record.value()));
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
