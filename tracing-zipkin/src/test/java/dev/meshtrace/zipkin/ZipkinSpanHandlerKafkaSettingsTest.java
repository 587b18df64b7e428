package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kafka sender's settings: each fails fast naming itself, and what is accepted is what Kafka accepts. */
class ZipkinSpanHandlerKafkaSettingsTest {
  static ZipkinSpanHandler.Builder kafka() {
    return ZipkinSpanHandler.newBuilder().sender(SenderType.KAFKA);
  }

  @Test
  void kafkaNeedsBootstrapServers() {
    assertThatThrownBy(() -> kafka().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sender KAFKA needs kafkaBootstrapServers, such as kafka:9092");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "kafka", "kafka:", "kafka:port", "kafka:9092,", "a:1,,b:2", "http://kafka:9092",
      "kafka:123456"})
  void badBootstrapServersAreRejected(String servers) {
    assertThatThrownBy(() -> kafka().kafkaBootstrapServers(servers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("kafkaBootstrapServers must be a comma-separated list of host:port")
        .hasMessageEndingWith("was '" + servers + "'");
    assertThatThrownBy(() -> kafka().kafkaBootstrapServers(null)).hasMessageContaining("was 'null'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka:9092", " kafka-1:9092, kafka-2.example.com:9093 ", "10.0.0.1:9092", "[::1]:9092"})
  void bootstrapServersAsKafkaTakesThem(String servers) {
    ZipkinSpanHandler handler = kafka().kafkaBootstrapServers(servers).build();

    assertThat(handler).hasToString("ZipkinSpanHandler{Kafka topic zipkin at " + servers.trim() + "}");
    handler.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", ".", "..", "spans/zipkin", "zipkin\u00e9"})
  void badTopicsAreRejected(String topic) {
    assertThatThrownBy(() -> kafka().kafkaTopic(topic))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafkaTopic must be 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-', was '" + topic + "'");
  }

  @Test
  void topicLengthIsKafkasLimit() {
    assertThat(kafka().kafkaTopic("t".repeat(249))).isNotNull();
    assertThatThrownBy(() -> kafka().kafkaTopic("t".repeat(250))).hasMessageStartingWith("kafkaTopic must be");
  }

  @Test
  void topicNamesTheBackend() {
    ZipkinSpanHandler handler = kafka().kafkaBootstrapServers("kafka:9092").kafkaTopic("spans.v2_x-1").build();

    assertThat(handler).hasToString("ZipkinSpanHandler{Kafka topic spans.v2_x-1 at kafka:9092}");
    handler.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bootstrap.servers", "key.serializer", "value.serializer"})
  void overridesMayNotReplaceWhatTheSenderSets(String key) {
    assertThatThrownBy(() -> kafka().kafkaOverrides(Map.of(key, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("kafkaOverrides must not set " + key + ": ");
  }

  @Test
  void overridesAreCheckedByKafka() {
    assertThatThrownBy(() -> kafka().kafkaOverrides(Map.of("acks", "most")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("kafkaOverrides: Invalid value most for configuration acks");
    assertThatThrownBy(() -> kafka().kafkaOverrides(Map.of("max.block.ms", "soon")))
        .hasMessageStartingWith("kafkaOverrides: Invalid value soon for configuration max.block.ms");
    assertThatThrownBy(() -> kafka().kafkaOverrides(Map.of("security.protocol", "CARRIER_PIGEON")))
        .hasMessageContaining("security.protocol");
    assertThatThrownBy(() -> kafka().kafkaOverrides(Map.of("compression.type", "rar")))
        .hasMessageContaining("compression.type");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("acks", null);
    assertThatThrownBy(() -> kafka().kafkaOverrides(withNull)).hasMessageContaining("null keys or values");
    assertThatThrownBy(() -> kafka().kafkaOverrides(null)).hasMessage("kafkaOverrides must not be null");
  }

  @Test
  void securityAndTuningOverridesAreAccepted() {
    ZipkinSpanHandler handler = kafka().kafkaBootstrapServers("kafka:9093").kafkaOverrides(Map.of(
        "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "ssl.endpoint.identification.algorithm",
        "https", "acks", "all", "compression.type", "zstd", "linger.ms", 20)).build();

    assertThat(handler).isNotNull();
    handler.close();
  }

  @Test
  void defaultsBoundTheReporterThreadsWaitsAndOverridesWin() {
    Map<String, Object> defaults = KafkaSenders.producerProperties(Map.of());
    assertThat(defaults).containsEntry("acks", "1").containsEntry("max.block.ms", "10000")
        .containsEntry("request.timeout.ms", "10000").containsEntry("delivery.timeout.ms", "30000");

    assertThat(KafkaSenders.producerProperties(Map.of("acks", "0", "max.block.ms", 500)))
        .containsEntry("acks", "0").containsEntry("max.block.ms", 500);
  }

  @Test
  void longerRequestTimeoutOrLingerLengthensTheDeliveryTimeoutKafkaWouldOtherwiseRefuse() {
    Map<String, Object> properties =
        KafkaSenders.producerProperties(Map.of("request.timeout.ms", "60000", "linger.ms", "100"));

    assertThat(properties).containsEntry("delivery.timeout.ms", "60100");
    assertThatKafkaBuildsAProducerFrom(properties); // it refuses delivery.timeout.ms < linger.ms + request.timeout.ms
  }

  @Test
  void deliveryTimeoutShorterThanRequestTimeoutIsRejected() {
    assertThatThrownBy(() -> kafka().kafkaOverrides(Map.of("request.timeout.ms", 20000, "delivery.timeout.ms", 1000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("kafkaOverrides: delivery.timeout.ms must be at least linger.ms + request.timeout.ms")
        .hasMessageEndingWith("was 1000");
  }

  @Test
  void kafkaSettingsWithAnHttpSenderAreAMistake() {
    assertThatThrownBy(() -> ZipkinSpanHandler.newBuilder().kafkaBootstrapServers("kafka:9092").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafkaBootstrapServers, kafkaTopic and kafkaOverrides apply to sender KAFKA only, but sender is "
            + "AUTO");
  }

  @Test
  void withoutKafkaOnTheClassPathTheMessageSaysWhatToAdd() {
    ClassLoader bootstrapOnly = new ClassLoader(null) {};

    assertThat(KafkaSettings.available(bootstrapOnly)).isFalse();
    assertThat(KafkaSettings.available(getClass().getClassLoader())).isTrue();
    assertThatThrownBy(() -> KafkaSettings.requireAvailable(bootstrapOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sender KAFKA needs io.zipkin.reporter2:zipkin-sender-kafka and org.apache.kafka:kafka-clients "
            + "on the class path; add them or use an HTTP sender");
  }

  @Test
  void buildingConnectsNothing() {
    ZipkinSpanHandler handler = kafka().kafkaBootstrapServers("127.0.0.1:1").build();

    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("kafka-producer-network-thread"));
    assertThat(handler.close(java.time.Duration.ZERO)).isTrue();
  }

  static void assertThatKafkaBuildsAProducerFrom(Map<String, Object> properties) {
    Map<String, Object> complete = new HashMap<>(properties);
    complete.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    new KafkaProducer<>(complete, new ByteArraySerializer(), new ByteArraySerializer()).close();
  }
}
