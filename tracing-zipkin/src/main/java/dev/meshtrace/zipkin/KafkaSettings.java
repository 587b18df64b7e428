package dev.meshtrace.zipkin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a {@link ZipkinSpanHandler.Builder} knows of its Kafka sender, checked without loading Kafka's classes (so
 * that HTTP users need none); {@link KafkaSenders} builds the sender.
 */
final class KafkaSettings {
  /** The topic Zipkin's Kafka collector reads by default. */
  static final String DEFAULT_TOPIC = "zipkin";
  /** Set by their own builder methods, never through the overrides. */
  private static final String[] RESERVED = {"bootstrap.servers", "key.serializer", "value.serializer"};
  /** Kafka's rule for topic names. */
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  /** host:port, the host a name, IPv4 address or bracketed IPv6 address. */
  private static final Pattern SERVER = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^\\s,:\\[\\]]+):\\d{1,5}");

  String bootstrapServers;
  String topic = DEFAULT_TOPIC;
  Map<String, Object> overrides = Map.of();

  /** True when the Kafka sender and the Kafka client can be loaded from {@code loader}. */
  static boolean available(ClassLoader loader) {
    try {
      Class.forName("zipkin2.reporter.kafka.KafkaSender", false, loader);
      Class.forName("org.apache.kafka.clients.producer.KafkaProducer", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Fails with what to add unless {@link #available}. */
  static void requireAvailable(ClassLoader loader) {
    if (!available(loader)) {
      throw new IllegalArgumentException("sender KAFKA needs io.zipkin.reporter2:zipkin-sender-kafka and "
          + "org.apache.kafka:kafka-clients on the class path; add them or use an HTTP sender");
    }
  }

  static String validBootstrapServers(String servers) {
    String trimmed = servers == null ? "" : servers.trim();
    for (String server : trimmed.split("\\s*,\\s*", -1)) {
      if (!SERVER.matcher(server).matches()) {
        throw new IllegalArgumentException("kafkaBootstrapServers must be a comma-separated list of host:port, "
            + "such as kafka-1:9092,kafka-2:9092, was '" + servers + "'");
      }
    }
    return trimmed;
  }

  static String validTopic(String topic) {
    if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException("kafkaTopic must be 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-', was '"
          + topic + "'");
    }
    return topic;
  }

  /** A copy of {@code overrides}, checked by Kafka's producer configuration when Kafka is on the class path. */
  static Map<String, Object> validOverrides(Map<String, ?> overrides) {
    if (overrides == null) throw new IllegalArgumentException("kafkaOverrides must not be null");
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : overrides.entrySet()) {
      if (entry.getKey() == null || entry.getValue() == null) {
        throw new IllegalArgumentException("kafkaOverrides must not contain null keys or values, was " + overrides);
      }
      copy.put(entry.getKey(), entry.getValue());
    }
    for (String reserved : RESERVED) {
      if (copy.containsKey(reserved)) {
        throw new IllegalArgumentException("kafkaOverrides must not set " + reserved
            + (reserved.equals("bootstrap.servers") ? ": use kafkaBootstrapServers" : ": spans are sent as bytes"));
      }
    }
    if (available(KafkaSettings.class.getClassLoader())) KafkaSenders.producerProperties(copy);
    return Collections.unmodifiableMap(copy);
  }

  /** How warnings name the backend. */
  String backend() {
    return "Kafka topic " + topic + " at " + bootstrapServers;
  }
}
