package dev.meshtrace.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real clients against the test broker, tracings that share one span collector, and a loopback HTTP server. */
final class KafkaFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  final String bootstrapServers;
  final String topic = "orders-" + UUID.randomUUID();
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  /** The headers of each request the HTTP server received, names lower case, in order. */
  final BlockingQueue<Map<String, List<String>>> httpRequests = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private HttpServer http;

  KafkaFixture(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** A tracing recording every trace into {@link #spans}, reading and writing only {@code format}. */
  Tracing tracing(String service, Format format) {
    Propagation propagation = Propagation.newBuilder().extract(List.of(format)).inject(List.of(format))
        .addForwardHeader("x-tenant-id").build();
    Tracing tracing = Tracing.newBuilder().serviceName(service).sampler(Sampler.ALWAYS).propagation(propagation)
        .addSpanHandler(spans).build();
    closeables.add(tracing);
    return tracing;
  }

  KafkaProducer<String, String> producer(Map<String, Object> overrides) {
    Map<String, Object> config = new java.util.HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
    config.putAll(overrides);
    KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    closeables.add(producer);
    return producer;
  }

  /** A consumer of the topic's only partition from its beginning, in group {@code group}. */
  KafkaConsumer<String, String> consumer(String group) {
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    closeables.add(consumer);
    return consumer;
  }

  /** Polls {@code consumer}, assigned to the topic's partition 0, until {@code count} records arrived. */
  static <K, V> List<ConsumerRecord<K, V>> poll(Consumer<K, V> consumer, String topic, int count) {
    if (consumer.assignment().isEmpty()) consumer.assign(List.of(new TopicPartition(topic, 0)));
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (records.size() < count) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("received " + records.size() + " records of " + count + ": " + records);
      }
      for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) records.add(record);
    }
    return records;
  }

  /** The values of every header named {@code name} exactly, as text. */
  static List<String> headers(ConsumerRecord<?, ?> record, String name) {
    List<String> values = new ArrayList<>();
    for (Header header : record.headers().headers(name)) {
      values.add(header.value() == null ? null : new String(header.value(), UTF_8));
    }
    return values;
  }

  /** The names of every header of {@code record}, in order, repeats kept. */
  static List<String> headerNames(ConsumerRecord<?, ?> record) {
    List<String> names = new ArrayList<>();
    for (Header header : record.headers()) names.add(header.key());
    return names;
  }

  /** A loopback HTTP server answering 200 to every request and recording its headers. */
  URI httpServer() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", exchange -> {
      Map<String, List<String>> headers = new java.util.TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
          List.copyOf(values)));
      httpRequests.add(headers);
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    http.start();
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/reviews");
  }

  Map<String, List<String>> awaitHttpRequest() throws InterruptedException {
    Map<String, List<String>> request = httpRequests.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (request == null) throw new AssertionError("no HTTP request arrived");
    return request;
  }

  @Override
  public void close() throws Exception {
    if (http != null) http.stop(0);
    for (AutoCloseable closeable : closeables) closeable.close();
  }
}
