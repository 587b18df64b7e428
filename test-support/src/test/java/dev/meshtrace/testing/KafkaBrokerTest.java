package dev.meshtrace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker is real: records produced with the official client come back to a consumer, across a restart too. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerTest {

  @Test
  void producesAndConsumesARecord(KafkaBroker kafka) throws Exception {
    String topic = "test-" + UUID.randomUUID();

    produce(kafka, topic, "hello");

    assertThat(consume(kafka, topic, 1)).containsExactly("hello");
    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
    assertThat(kafka.isRunning()).isTrue();
  }

  @Test
  void extensionSharesOneBroker(KafkaBroker first, KafkaBroker second) {
    assertThat(first).isSameAs(second);
  }

  @Test
  void killedBrokerRestartsOnTheSamePortWithItsData() throws Exception {
    try (KafkaBroker kafka = KafkaBroker.start()) {
      String topic = "restart-" + UUID.randomUUID();
      produce(kafka, topic, "before");

      kafka.kill();
      assertThat(kafka.isRunning()).isFalse();
      kafka.restart();
      produce(kafka, topic, "after");

      assertThat(kafka.isRunning()).isTrue();
      assertThat(consume(kafka, topic, 2)).containsExactly("before", "after");
      assertThatThrownBy(kafka::restart).hasMessageContaining("is running");
    }
  }

  static void produce(KafkaBroker kafka, String topic, String value) throws Exception {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
    }
  }

  static List<String> consume(KafkaBroker kafka, String topic, int count) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (values.size() < count && System.nanoTime() - deadline < 0) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }
}
