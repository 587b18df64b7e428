package dev.meshtrace.zipkin;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.TraceContext;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.ReporterSettings;
import dev.meshtrace.reporting.ReportingSpanHandler;
import dev.meshtrace.reporting.SpanReporter;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * Reports finished spans to Zipkin (or a Zipkin-compatible backend) through zipkin-reporter's
 * {@link AsyncReporter}: the thread that finishes a span only puts it on a bounded queue; a reporter thread
 * encodes spans and posts them in messages. When the backend is slow or down, the queue fills and further spans are
 * dropped and counted ({@link #metrics()}), never blocking or failing the application.
 *
 * <pre>{@code
 * ZipkinSpanHandler zipkin = ZipkinSpanHandler.newBuilder().endpoint("http://zipkin:9411/api/v2/spans").build();
 * Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(zipkin).build();
 * ...
 * zipkin.close(); // at shutdown: delivers what is queued, within the close timeout
 * }</pre>
 *
 * <p>Spans are encoded later, on the reporter thread: add this handler after any handler that edits spans.
 *
 * <p>For fleets that outgrow one HTTP collector, spans can go to a Kafka topic instead, which any number of Zipkin
 * servers with the Kafka collector consume ({@link SenderType#KAFKA}, needs {@code zipkin-sender-kafka}):
 *
 * <pre>{@code
 * ZipkinSpanHandler.newBuilder().sender(SenderType.KAFKA).kafkaBootstrapServers("kafka-1:9092,kafka-2:9092").build();
 * }</pre>
 */
public final class ZipkinSpanHandler extends ReportingSpanHandler<MutableSpan> {
  /** Zipkin's collector on this host. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans";
  /** Where a Zipkin server takes spans, appended to an endpoint given as a base URL. */
  public static final String SPANS_PATH = "/api/v2/spans";

  private static final Logger LOG = Logger.getLogger(ZipkinSpanHandler.class.getName());

  private final String backend;

  private ZipkinSpanHandler(SpanReporter<MutableSpan> reporter, String backend) {
    super(reporter);
    this.backend = backend;
  }

  /** A handler posting JSON to {@code endpoint} with the default settings. */
  public static ZipkinSpanHandler create(String endpoint) {
    return newBuilder().endpoint(endpoint).build();
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  @Override
  protected MutableSpan queued(TraceContext context, MutableSpan span) {
    return span;
  }

  @Override
  public String toString() {
    return "ZipkinSpanHandler{" + backend + "}";
  }

  /** Configures a {@link ZipkinSpanHandler}. Each setting fails fast, naming itself, on a bad value. */
  public static final class Builder extends ReporterSettings<Builder> {
    private String endpoint = DEFAULT_ENDPOINT;
    private Encoding encoding = Encoding.JSON;
    private SenderType senderType = SenderType.AUTO;
    private BytesMessageSender sender;
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration readTimeout = Duration.ofSeconds(10);
    private boolean compression = true;
    private final KafkaSettings kafka = new KafkaSettings();
    private boolean kafkaConfigured;

    Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The URL spans are POSTed to. Default {@value #DEFAULT_ENDPOINT}. A URL with no path, such as
     * {@code http://zipkin:9411} (Sleuth's habit), is taken as the server's base URL: {@value #SPANS_PATH} is
     * appended, and an INFO line says so.
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = validEndpoint(endpoint);
      return this;
    }

    /** The wire format: {@code JSON} (default) or {@code PROTO3}. */
    public Builder encoding(Encoding encoding) {
      if (encoding == null) throw new IllegalArgumentException("encoding must not be null");
      MutableSpanBytesEncoder.forEncoding(encoding);
      this.encoding = encoding;
      return this;
    }

    /**
     * Which sender carries the spans: an HTTP client (default {@link SenderType#AUTO}), or {@link SenderType#KAFKA}
     * with the {@code kafka*} settings.
     */
    public Builder sender(SenderType senderType) {
      if (senderType == null) throw new IllegalArgumentException("sender must not be null");
      this.senderType = senderType;
      return this;
    }

    /**
     * A zipkin-reporter sender of your own (a custom HTTP client, another transport...), used instead of the HTTP
     * and Kafka settings: endpoint, sender type, timeouts, compression and the {@code kafka*} settings. Spans are
     * encoded as it says ({@code JSON} or {@code PROTO3}), whatever {@link #encoding} was set to.
     */
    public Builder sender(BytesMessageSender sender) {
      if (sender == null) throw new IllegalArgumentException("sender must not be null");
      MutableSpanBytesEncoder.forEncoding(sender.encoding());
      this.sender = sender;
      return this;
    }

    /** Timeout for connecting to the backend. Default 1 second. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requireAtLeastOneMilli("connectTimeout", timeout);
      return this;
    }

    /** Timeout for the backend's answer to one message. Default 10 seconds. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = requireAtLeastOneMilli("readTimeout", timeout);
      return this;
    }

    /** Whether messages are gzip-compressed. Default true; Zipkin accepts both. */
    public Builder compression(boolean compression) {
      this.compression = compression;
      return this;
    }

    /**
     * For sender {@link SenderType#KAFKA} (required there): the brokers the producer first contacts, a
     * comma-separated list of {@code host:port}.
     */
    public Builder kafkaBootstrapServers(String servers) {
      kafka.bootstrapServers = KafkaSettings.validBootstrapServers(servers);
      kafkaConfigured = true;
      return this;
    }

    /** For sender {@link SenderType#KAFKA}: the topic, default {@code zipkin} (where Zipkin's collector reads). */
    public Builder kafkaTopic(String topic) {
      kafka.topic = KafkaSettings.validTopic(topic);
      kafkaConfigured = true;
      return this;
    }

    /**
     * For sender {@link SenderType#KAFKA}: Kafka producer properties, replacing earlier ones, such as {@code acks},
     * {@code compression.type}, {@code security.protocol} and the {@code ssl.*} and {@code sasl.*} settings. They
     * apply over meshtrace's defaults: {@code acks=1}, {@code max.block.ms=10000}, {@code request.timeout.ms=10000}
     * and {@code delivery.timeout.ms=30000}, which bound how long the reporter thread waits for a broker that is
     * down. Checked by Kafka's producer configuration when Kafka is on the class path.
     */
    public Builder kafkaOverrides(Map<String, ?> overrides) {
      kafka.overrides = KafkaSettings.validOverrides(overrides);
      kafkaConfigured = true;
      return this;
    }

    /**
     * The handler. Nothing is connected yet: the first span starts the reporter thread, which alone runs the sender
     * (for Kafka: creates the producer and waits for the broker).
     *
     * @throws IllegalArgumentException naming the setting, e.g. {@code sender OKHTTP} without OkHttp, or
     *     {@code sender KAFKA} without {@code kafkaBootstrapServers}
     */
    public ZipkinSpanHandler build() {
      if (sender != null) return build(sender, sender.toString());
      if (senderType == SenderType.KAFKA) return buildKafka();
      if (kafkaConfigured) {
        throw new IllegalArgumentException("kafkaBootstrapServers, kafkaTopic and kafkaOverrides apply to sender "
            + "KAFKA only, but sender is " + senderType);
      }
      SenderType type = HttpSenders.resolve(senderType, HttpSenders.okHttpAvailable());
      HttpSenders.Settings settings = new HttpSenders.Settings(endpoint, encoding,
          (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()),
          (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()), messageMaxBytes(), compression);
      return build(HttpSenders.create(type, settings), endpoint);
    }

    private ZipkinSpanHandler buildKafka() {
      KafkaSettings.requireAvailable(KafkaSettings.class.getClassLoader());
      if (kafka.bootstrapServers == null) {
        throw new IllegalArgumentException("sender KAFKA needs kafkaBootstrapServers, such as kafka:9092");
      }
      return build(KafkaSenders.create(kafka, encoding, messageMaxBytes()), kafka.backend());
    }

    private ZipkinSpanHandler build(BytesMessageSender sender, String backend) {
      return new ZipkinSpanHandler(
          newReporter(sender, MutableSpanBytesEncoder.forEncoding(sender.encoding()), LOG, backend,
              failure -> EndpointHint.forFailure(backend, failure)), backend);
    }

    private static String validEndpoint(String endpoint) {
      try {
        URI uri = new URI(endpoint == null ? "" : endpoint.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
          uri.toURL();
          return withSpansPath(uri);
        }
      } catch (URISyntaxException | IllegalArgumentException | MalformedURLException e) {
        // reported below
      }
      throw new IllegalArgumentException("endpoint must be an absolute http or https URL such as "
          + DEFAULT_ENDPOINT + ", was '" + endpoint + "'");
    }

    /** A base URL (no path, or only {@code /}) gets Zipkin's spans path; any other URL is used as it is. */
    private static String withSpansPath(URI uri) {
      String path = uri.getRawPath();
      if (path != null && !path.isEmpty() && !path.equals("/")) return uri.toString();
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) return uri.toString();
      String base = uri.toString();
      String endpoint = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + SPANS_PATH;
      LOG.info("Zipkin endpoint " + base + " has no path: posting spans to " + endpoint);
      return endpoint;
    }
  }
}
