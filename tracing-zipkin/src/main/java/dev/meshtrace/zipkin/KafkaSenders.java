package dev.meshtrace.zipkin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.kafka.KafkaSender;

/**
 * Builds zipkin-reporter's Kafka sender; kept apart so that Kafka's classes load only when it is chosen. The
 * sender runs on the reporter thread alone (its producer is created there on the first message), and these defaults
 * bound how long it may block there, whatever the broker does.
 */
final class KafkaSenders {
  /**
   * Defaults under the application's overrides: a message counts as sent once the partition leader has it (Zipkin's
   * own default, acks 0, would count spans lost in a broker crash as sent); waiting for metadata (broker absent) ends
   * after 10 s, a request after 10 s, and a message's delivery with its producer retries after 30 s.
   */
  static final Map<String, Object> DEFAULTS = Map.of(
      ProducerConfig.ACKS_CONFIG, "1",
      ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000",
      ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
      ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");

  /** Room for Kafka's framing around one message, in bytes; see {@link #maxRequestSize}. */
  static final int RECORD_FRAMING_BYTES = 256;

  private KafkaSenders() {}

  /**
   * The sender; nothing is connected yet.
   *
   * @throws IllegalArgumentException when Kafka rejects the overrides (checked here too, as the setter could check
   *     them only when Kafka was on the class path)
   */
  static BytesMessageSender create(KafkaSettings settings, Encoding encoding, int messageMaxBytes) {
    Map<String, Object> producer = producerProperties(settings.overrides);
    // zipkin-reporter's sender sets max.request.size to messageMaxBytes, which a full message then exceeds by the
    // record's own framing: such messages failed with RecordTooLargeException. The application's own value wins.
    producer.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestSize(messageMaxBytes)));
    return KafkaSender.newBuilder()
        .bootstrapServers(settings.bootstrapServers)
        .topic(settings.topic)
        .encoding(encoding)
        .messageMaxBytes(messageMaxBytes)
        .overrides(producer)
        .build();
  }

  /**
   * The producer's request size limit for messages of at most {@code messageMaxBytes}: the message plus room for a
   * record batch's header (61 bytes) and the record's own framing (at most 21 bytes plus the value's length), with
   * margin.
   */
  static int maxRequestSize(int messageMaxBytes) {
    return messageMaxBytes + RECORD_FRAMING_BYTES;
  }

  /**
   * The defaults with {@code overrides} applied, checked by Kafka's producer configuration; when the application
   * lengthens the request timeout or linger but not the delivery timeout, the delivery timeout grows to match
   * (Kafka refuses a producer whose delivery timeout is shorter).
   *
   * @throws IllegalArgumentException naming the Kafka property, e.g. an unknown {@code acks} value
   */
  static Map<String, Object> producerProperties(Map<String, Object> overrides) {
    Map<String, Object> properties = new LinkedHashMap<>(DEFAULTS);
    properties.putAll(overrides);
    Map<String, Object> parsed = parse(properties);
    long needed = number(parsed, ProducerConfig.LINGER_MS_CONFIG)
        + number(parsed, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    if (number(parsed, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG) < needed) {
      if (overrides.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)) {
        throw new IllegalArgumentException("kafkaOverrides: " + ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG
            + " must be at least " + ProducerConfig.LINGER_MS_CONFIG + " + "
            + ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG + " (" + needed + " ms), was "
            + overrides.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
      }
      properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(needed));
    }
    return properties;
  }

  /** Kafka's own parsing of the producer properties (types, ranges, allowed values); no connection is made. */
  private static Map<String, Object> parse(Map<String, Object> properties) {
    Map<String, Object> complete = new LinkedHashMap<>(properties);
    complete.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"); // required; checked on its own
    complete.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    complete.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try {
      return ProducerConfig.configDef().parse(complete); // unlike new ProducerConfig(...), logs nothing
    } catch (KafkaException e) {
      throw new IllegalArgumentException("kafkaOverrides: " + e.getMessage(), e);
    }
  }

  private static long number(Map<String, Object> parsed, String key) {
    Object value = parsed.get(key);
    return value instanceof Number ? ((Number) value).longValue() : 0;
  }
}
