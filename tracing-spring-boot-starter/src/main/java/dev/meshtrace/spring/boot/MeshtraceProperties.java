package dev.meshtrace.spring.boot;

import dev.meshtrace.Mode;
import dev.meshtrace.diagnostics.OrphanCallSettings;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.messaging.ConsumerParent;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.rpc.RpcTracing;
import dev.meshtrace.zipkin.SenderType;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import zipkin2.reporter.Encoding;

/**
 * The {@code meshtrace.*} configuration properties. Values are checked by the meshtrace builders they are given
 * to, when the beans are created: a bad value fails startup with a message naming the property.
 */
@ConfigurationProperties(prefix = MeshtraceProperties.PREFIX)
public class MeshtraceProperties {
  /** The prefix of every property. */
  public static final String PREFIX = "meshtrace";

  /** Whether meshtrace is on. When false nothing is installed: no filter, no interceptor, no header, no span. */
  private boolean enabled = true;

  /**
   * Record spans and report them ('record'), or only forward the trace and mesh headers byte for byte ('forward'),
   * leaving the spans to the sidecars.
   */
  private Mode mode = Mode.RECORD;

  /** The service name on every span. Defaults to spring.application.name, else 'unknown'. */
  private String serviceName;

  /**
   * Whether a server span reuses the caller's span ID (Zipkin's shared spans) instead of being its child. Leave it
   * off behind Envoy: the sidecar already owns the caller's span ID.
   */
  private boolean joinServerSpans;

  private final Sampling sampling = new Sampling();
  private final PropagationSettings propagation = new PropagationSettings();
  private final RequestId requestId = new RequestId();
  private final Http http = new Http();
  private final Grpc grpc = new Grpc();
  private final KafkaClients kafka = new KafkaClients();
  private final Redaction redaction = new Redaction();
  private final Zipkin zipkin = new Zipkin();
  private final Otlp otlp = new Otlp();
  private final LogCorrelation logCorrelation = new LogCorrelation();
  private final InMemoryCollector inMemoryCollector = new InMemoryCollector();
  private final Diagnostics diagnostics = new Diagnostics();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public String getServiceName() {
    return serviceName;
  }

  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  public boolean isJoinServerSpans() {
    return joinServerSpans;
  }

  public void setJoinServerSpans(boolean joinServerSpans) {
    this.joinServerSpans = joinServerSpans;
  }

  public Sampling getSampling() {
    return sampling;
  }

  public PropagationSettings getPropagation() {
    return propagation;
  }

  public RequestId getRequestId() {
    return requestId;
  }

  public Http getHttp() {
    return http;
  }

  public Grpc getGrpc() {
    return grpc;
  }

  public KafkaClients getKafka() {
    return kafka;
  }

  public Redaction getRedaction() {
    return redaction;
  }

  public Zipkin getZipkin() {
    return zipkin;
  }

  public Otlp getOtlp() {
    return otlp;
  }

  public LogCorrelation getLogCorrelation() {
    return logCorrelation;
  }

  public InMemoryCollector getInMemoryCollector() {
    return inMemoryCollector;
  }

  public Diagnostics getDiagnostics() {
    return diagnostics;
  }

  /** Trace-break diagnostics. */
  public static class Diagnostics {
    private final OrphanCalls orphanCalls = new OrphanCalls();

    public OrphanCalls getOrphanCalls() {
      return orphanCalls;
    }
  }

  /** Outbound calls made with no trace context while the application serves traced requests. */
  public static class OrphanCalls {
    /** Detect orphan calls: count them, log each new call site once, list them in the meshtrace endpoint. */
    private boolean enabled = true;

    /**
     * Threads whose calls are never orphans, such as scheduled jobs: thread-name patterns (* matches any
     * characters: scheduling-*) or packages found on the call's stack, ending in .* (com.example.jobs.*).
     */
    private List<String> backgroundThreads = new ArrayList<>();

    /** How many distinct call sites are kept (1 to 10000); calls at further sites are still counted. */
    private int maxCallSites = OrphanCallSettings.DEFAULT_MAX_CALL_SITES;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getBackgroundThreads() {
      return backgroundThreads;
    }

    public void setBackgroundThreads(List<String> backgroundThreads) {
      this.backgroundThreads = backgroundThreads;
    }

    public int getMaxCallSites() {
      return maxCallSites;
    }

    public void setMaxCallSites(int maxCallSites) {
      this.maxCallSites = maxCallSites;
    }
  }

  /** How new traces are sampled; a decision that arrives with a request is always respected. */
  public static class Sampling {
    /** Fraction of new traces sampled, 0.0 to 1.0. Lower it in production. */
    private double probability = 1.0;

    /** At most this many new traces per second; when set, it replaces the probability. */
    private Double ratePerSecond;

    public double getProbability() {
      return probability;
    }

    public void setProbability(double probability) {
      this.probability = probability;
    }

    public Double getRatePerSecond() {
      return ratePerSecond;
    }

    public void setRatePerSecond(Double ratePerSecond) {
      this.ratePerSecond = ratePerSecond;
    }
  }

  /** Which trace header formats are read and written, and which other headers are forwarded. */
  public static class PropagationSettings {
    /** Formats read from inbound requests, first valid wins: b3, b3multi, w3c, grpc-trace-bin. */
    private List<Format> extract = new ArrayList<>(Propagation.DEFAULT_EXTRACT);

    /** Formats written on outbound requests besides those that arrived: b3, b3multi, w3c, grpc-trace-bin. */
    private List<Format> inject = new ArrayList<>(Propagation.DEFAULT_INJECT);

    private final ForwardHeaders forwardHeaders = new ForwardHeaders();

    public List<Format> getExtract() {
      return extract;
    }

    public void setExtract(List<Format> extract) {
      this.extract = extract;
    }

    public List<Format> getInject() {
      return inject;
    }

    public void setInject(List<Format> inject) {
      this.inject = inject;
    }

    public ForwardHeaders getForwardHeaders() {
      return forwardHeaders;
    }
  }

  /**
   * Changes to the mesh headers forwarded without interpretation (by default Istio's list: x-request-id,
   * x-ot-span-context, x-cloud-trace-context, grpc-trace-bin, x-datadog-*, sw8, baggage).
   */
  public static class ForwardHeaders {
    /** Further headers to forward, such as x-tenant-id. */
    private List<String> add = new ArrayList<>();

    /** Headers of the default list not to forward. */
    private List<String> remove = new ArrayList<>();

    public List<String> getAdd() {
      return add;
    }

    public void setAdd(List<String> add) {
      this.add = add;
    }

    public List<String> getRemove() {
      return remove;
    }

    public void setRemove(List<String> remove) {
      this.remove = remove;
    }
  }

  /** Kafka records sent and processed through Spring Kafka (KafkaTemplate and @KafkaListener). */
  public static class KafkaClients {
    /** Trace Kafka: every producer Spring Kafka's producer factories create, and every listener container. */
    private boolean enabled = true;

    /**
     * What the span processing a record continues: child (of the span that sent it, the default) or new-trace (a
     * new trace linked to it by tags, for consumers whose work is not part of the sender's request).
     */
    private ConsumerParent consumerParent = ConsumerParent.CHILD;

    /** Tag spans with the record key (String keys only). Off by default: keys may identify people. */
    private boolean recordKey;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public ConsumerParent getConsumerParent() {
      return consumerParent;
    }

    public void setConsumerParent(ConsumerParent consumerParent) {
      this.consumerParent = consumerParent;
    }

    public boolean isRecordKey() {
      return recordKey;
    }

    public void setRecordKey(boolean recordKey) {
      this.recordKey = recordKey;
    }
  }

  /** gRPC calls (grpc-java, with Spring gRPC or channels instrumented by hand). */
  public static class Grpc {
    /** Trace gRPC calls: a global server interceptor and a global client interceptor for Spring gRPC. */
    private boolean enabled = true;

    /** Annotate spans with grpc.message_sent and grpc.message_received for every message. */
    private boolean messageEvents;

    /**
     * Ordered rules over /package.Service/Method, the first match decides: skip:/grpc.health.v1.Health/*,
     * probability:0.1:/bookinfo.Ratings/*, rate:5:/bookinfo.Details/**. Setting it replaces the defaults.
     */
    private List<String> rules =
        new ArrayList<>(RpcTracing.DEFAULT_SKIP_PATTERNS.stream().map(pattern -> "skip:" + pattern).toList());

    /**
     * Set false for a gRPC server exposed without a sidecar: inbound sampled/debug flags not honoured (beyond
     * forced-traces-per-second), non-UUID request IDs replaced.
     */
    private boolean trustInboundContext = true;

    /** With trust-inbound-context=false, inbound forced traces still honoured per second. */
    private double forcedTracesPerSecond;

    public boolean isEnabled() {
      return enabled;
    }

    public boolean isTrustInboundContext() {
      return trustInboundContext;
    }

    public void setTrustInboundContext(boolean trustInboundContext) {
      this.trustInboundContext = trustInboundContext;
    }

    public double getForcedTracesPerSecond() {
      return forcedTracesPerSecond;
    }

    public void setForcedTracesPerSecond(double forcedTracesPerSecond) {
      this.forcedTracesPerSecond = forcedTracesPerSecond;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isMessageEvents() {
      return messageEvents;
    }

    public void setMessageEvents(boolean messageEvents) {
      this.messageEvents = messageEvents;
    }

    public List<String> getRules() {
      return rules;
    }

    public void setRules(List<String> rules) {
      this.rules = rules;
    }
  }

  /** The x-request-id that Envoy generates and every hop forwards. */
  public static class RequestId {
    /** Generate an x-request-id (a UUID) for inbound requests that arrive without one. */
    private boolean generate = true;

    /** Pack the sampling decision into generated request IDs the way Envoy does, so sidecars agree with it. */
    private boolean packSamplingDecision;

    public boolean isGenerate() {
      return generate;
    }

    public void setGenerate(boolean generate) {
      this.generate = generate;
    }

    public boolean isPackSamplingDecision() {
      return packSamplingDecision;
    }

    public void setPackSamplingDecision(boolean packSamplingDecision) {
      this.packSamplingDecision = packSamplingDecision;
    }
  }

  /** What HTTP spans record and which requests are traced. */
  public static class Http {
    private final Server server = new Server();
    private final Tags tags = new Tags();

    public Server getServer() {
      return server;
    }

    public Tags getTags() {
      return tags;
    }
  }

  /** Inbound requests. */
  public static class Server {
    /**
     * Ant-style paths that get no span (their headers are still forwarded), relative to the servlet context path
     * as Spring's mappings are. Setting it replaces the defaults /actuator/**, /health, /healthz, /livez, /readyz.
     */
    private List<String> skipPaths = new ArrayList<>(HttpTracing.DEFAULT_SKIP_PATTERNS);

    /**
     * Path rules tried in order before skip-paths, the first match deciding: 'skip:PATTERN',
     * 'probability:0.0-1.0:PATTERN' or 'rate:TRACES_PER_SECOND:PATTERN'. Patterns are relative to the servlet
     * context path.
     */
    private List<String> pathRules = new ArrayList<>();

    /**
     * Trust inbound trace context as it comes (behind a sidecar). False, for a service exposed without one: an
     * inbound sampled or debug decision is not honoured (beyond forced-traces-per-second) and a request ID that is
     * not a UUID is replaced.
     */
    private boolean trustInboundContext = true;

    /** With trust-inbound-context false, honour at most this many inbound forced traces per second. */
    private double forcedTracesPerSecond;

    /** Set the request's x-request-id (received or generated) on the response. */
    private boolean echoRequestId;

    /**
     * Set W3C traceresponse on responses to recorded requests, naming the trace and the server span. Off by
     * default: it tells callers trace IDs.
     */
    private boolean traceResponse;

    public List<String> getSkipPaths() {
      return skipPaths;
    }

    public void setSkipPaths(List<String> skipPaths) {
      this.skipPaths = skipPaths;
    }

    public List<String> getPathRules() {
      return pathRules;
    }

    public void setPathRules(List<String> pathRules) {
      this.pathRules = pathRules;
    }

    public boolean isTrustInboundContext() {
      return trustInboundContext;
    }

    public void setTrustInboundContext(boolean trustInboundContext) {
      this.trustInboundContext = trustInboundContext;
    }

    public double getForcedTracesPerSecond() {
      return forcedTracesPerSecond;
    }

    public void setForcedTracesPerSecond(double forcedTracesPerSecond) {
      this.forcedTracesPerSecond = forcedTracesPerSecond;
    }

    public boolean isEchoRequestId() {
      return echoRequestId;
    }

    public void setEchoRequestId(boolean echoRequestId) {
      this.echoRequestId = echoRequestId;
    }

    public boolean isTraceResponse() {
      return traceResponse;
    }

    public void setTraceResponse(boolean traceResponse) {
      this.traceResponse = traceResponse;
    }
  }

  /** Tags of HTTP spans. */
  public static class Tags {
    /** Request headers recorded as http.request.header.NAME (Authorization and Cookie never are). */
    private List<String> requestHeaders = new ArrayList<>();

    /** Response headers recorded as http.response.header.NAME (Set-Cookie never is). */
    private List<String> responseHeaders = new ArrayList<>();

    /** Leave the query string out of http.path and http.url. */
    private boolean stripQuery = true;

    /** At most this many tags on a span. */
    private int maxPerSpan = 128;

    /** Tag values are cut to this many characters. */
    private int maxValueLength = 4096;

    public List<String> getRequestHeaders() {
      return requestHeaders;
    }

    public void setRequestHeaders(List<String> requestHeaders) {
      this.requestHeaders = requestHeaders;
    }

    public List<String> getResponseHeaders() {
      return responseHeaders;
    }

    public void setResponseHeaders(List<String> responseHeaders) {
      this.responseHeaders = responseHeaders;
    }

    public boolean isStripQuery() {
      return stripQuery;
    }

    public void setStripQuery(boolean stripQuery) {
      this.stripQuery = stripQuery;
    }

    public int getMaxPerSpan() {
      return maxPerSpan;
    }

    public void setMaxPerSpan(int maxPerSpan) {
      this.maxPerSpan = maxPerSpan;
    }

    public int getMaxValueLength() {
      return maxValueLength;
    }

    public void setMaxValueLength(int maxValueLength) {
      this.maxValueLength = maxValueLength;
    }
  }

  /** Operator-side redaction of every tag value and annotation, before any exporter sees the span. */
  public static class Redaction {
    /** Regular expressions whose matches are replaced. */
    private List<String> patterns = new ArrayList<>();

    /** What each match is replaced with. */
    private String replacement = "***";

    public List<String> getPatterns() {
      return patterns;
    }

    public void setPatterns(List<String> patterns) {
      this.patterns = patterns;
    }

    public String getReplacement() {
      return replacement;
    }

    public void setReplacement(String replacement) {
      this.replacement = replacement;
    }
  }

  /** Reporting spans to Zipkin or a Zipkin-compatible backend. Unset values take the reporter's defaults. */
  /** Settings the Zipkin and OTLP reporters share. */
  public static class Reporter {
    /** At most this many spans wait to be sent; further spans are dropped and counted. */
    private Integer queuedMaxSpans;

    /** The largest message sent, in bytes before compression (at least 1024). */
    private Integer messageMaxBytes;

    /** How long a span may wait to be sent with others. */
    private Duration flushInterval;

    /** How long shutdown may take to deliver the spans still queued. */
    private Duration closeTimeout;

    /** Whether messages are gzip-compressed. */
    private Boolean compression;

    private final Retry retry = new Retry();

    public Integer getQueuedMaxSpans() {
      return queuedMaxSpans;
    }

    public void setQueuedMaxSpans(Integer queuedMaxSpans) {
      this.queuedMaxSpans = queuedMaxSpans;
    }

    public Integer getMessageMaxBytes() {
      return messageMaxBytes;
    }

    public void setMessageMaxBytes(Integer messageMaxBytes) {
      this.messageMaxBytes = messageMaxBytes;
    }

    public Duration getFlushInterval() {
      return flushInterval;
    }

    public void setFlushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
    }

    public Duration getCloseTimeout() {
      return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
    }

    public Boolean getCompression() {
      return compression;
    }

    public void setCompression(Boolean compression) {
      this.compression = compression;
    }

    public Retry getRetry() {
      return retry;
    }
  }

  /**
   * How failed messages are retried (HTTP 429, 502, 503, 504, connection failures, timeouts; for gRPC the codes
   * OTLP lists). Unset values keep the defaults: 5 attempts, 1s initial backoff, 5s at most, multiplier 1.5.
   */
  public static class Retry {
    /** Attempts in all, 1 meaning no retry (1 to 10). */
    private Integer maxAttempts;

    /** The first backoff bound; each wait is random below the bound. */
    private Duration initialBackoff;

    /** The largest backoff bound, and the longest Retry-After honoured. */
    private Duration maxBackoff;

    /** How the bound grows from one retry to the next (1 to 10). */
    private Double multiplier;

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(Double multiplier) {
      this.multiplier = multiplier;
    }
  }

  /**
   * OTLP reporting (tracing-otlp). On when {@code enabled} is true, or, unless it is false, when an endpoint is
   * configured: {@code meshtrace.otlp.endpoint} or the {@code OTEL_EXPORTER_OTLP_ENDPOINT} /
   * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} variables. Unset values fall back to the {@code OTEL_EXPORTER_OTLP_*}
   * variables, then to the defaults.
   */
  public static class Otlp extends Reporter {
    /** Whether spans are reported over OTLP; unset: when an endpoint is configured. */
    private Boolean enabled;

    /** For gRPC the collector's base URL (http://collector:4317), for OTLP/HTTP the full traces URL. */
    private String endpoint;

    /** grpc (default), http/protobuf or http/json. */
    private String protocol;

    /** Headers sent with every request, such as API keys; added to OTEL_EXPORTER_OTLP_HEADERS. */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** The most one export attempt may take (default 10s). */
    private Duration timeout;

    /** PEM file of the CA certificates trusted for an https endpoint. */
    private Path certificate;

    /** mTLS: PEM file of the client's PKCS#8 private key. */
    private Path clientKey;

    /** mTLS: PEM file of the client's certificate chain. */
    private Path clientCertificate;

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    public String getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    public String getProtocol() {
      return protocol;
    }

    public void setProtocol(String protocol) {
      this.protocol = protocol;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public Path getCertificate() {
      return certificate;
    }

    public void setCertificate(Path certificate) {
      this.certificate = certificate;
    }

    public Path getClientKey() {
      return clientKey;
    }

    public void setClientKey(Path clientKey) {
      this.clientKey = clientKey;
    }

    public Path getClientCertificate() {
      return clientCertificate;
    }

    public void setClientCertificate(Path clientCertificate) {
      this.clientCertificate = clientCertificate;
    }
  }

  public static class Zipkin extends Reporter {
    /** Whether spans are reported to Zipkin. */
    private boolean enabled = true;

    /** The full URL spans are POSTed to. */
    private String endpoint = ZipkinSpanHandler.DEFAULT_ENDPOINT;

    /** How spans are encoded: json (Zipkin v2 JSON) or proto3. */
    private Encoding encoding = Encoding.JSON;

    /**
     * Which sender carries the spans: 'urlconnection' (the JDK's HTTP client, no dependencies), 'okhttp' (needs
     * OkHttp and zipkin-sender-okhttp3), 'auto': okhttp when both are present, else urlconnection; or 'kafka': to a
     * Kafka topic that Zipkin's Kafka collector reads (needs zipkin-sender-kafka and meshtrace.zipkin.kafka.*).
     */
    private SenderType sender = SenderType.AUTO;

    private final Kafka kafka = new Kafka();

    /** Timeout for connecting to the endpoint. */
    private Duration connectTimeout;

    /** Timeout for the endpoint's answer to one message. */
    private Duration readTimeout;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    public Encoding getEncoding() {
      return encoding;
    }

    public void setEncoding(Encoding encoding) {
      this.encoding = encoding;
    }

    public SenderType getSender() {
      return sender;
    }

    public void setSender(SenderType sender) {
      this.sender = sender;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
      return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    public Kafka getKafka() {
      return kafka;
    }
  }

  /** The Kafka sender ({@code meshtrace.zipkin.sender=kafka}). */
  public static class Kafka {
    /** The brokers the producer first contacts, a comma-separated list of host:port. */
    private String bootstrapServers;

    /** The topic spans are sent to; Zipkin's Kafka collector reads 'zipkin' by default. */
    private String topic = "zipkin";

    /**
     * Kafka producer properties, such as acks, compression.type, security.protocol and the ssl.* and sasl.*
     * settings (meshtrace.zipkin.kafka.overrides.acks=all), over meshtrace's defaults (acks=1, max.block.ms=10000,
     * request.timeout.ms=10000, delivery.timeout.ms=30000).
     */
    private Map<String, String> overrides = new LinkedHashMap<>();

    public String getBootstrapServers() {
      return bootstrapServers;
    }

    public void setBootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    public String getTopic() {
      return topic;
    }

    public void setTopic(String topic) {
      this.topic = topic;
    }

    public Map<String, String> getOverrides() {
      return overrides;
    }

    public void setOverrides(Map<String, String> overrides) {
      this.overrides = overrides;
    }
  }

  /** Trace and request IDs in the logging MDC. */
  public static class LogCorrelation {
    /**
     * Put traceId, spanId and requestId in the SLF4J MDC while a context is current, and show them in Spring
     * Boot's default log pattern (unless logging.pattern.correlation is set).
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The in-memory span collector, for an application's own tests. */
  public static class InMemoryCollector {
    /** Keep every finished span in an InMemorySpanCollector bean, for tests. Unbounded: never in production. */
    private boolean enabled;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
