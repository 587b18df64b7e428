package dev.meshtrace.spring.boot;

import dev.meshtrace.Mode;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code meshtrace.*} configuration properties. Every setter checks its value, so a bad value fails startup
 * with a message naming the property.
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

  /** The service name on every span. Defaults to spring.application.name. */
  private String serviceName;

  /**
   * Whether a server span reuses the caller's span ID (Zipkin's shared spans) instead of being its child. Leave it
   * off behind Envoy: the sidecar already owns the caller's span ID.
   */
  private boolean joinServerSpans;

  private final Sampling sampling = new Sampling();
  private final PropagationProperties propagation = new PropagationProperties();
  private final RequestId requestId = new RequestId();
  private final Http http = new Http();
  private final Zipkin zipkin = new Zipkin();
  private final LogCorrelation logCorrelation = new LogCorrelation();
  private final InMemoryCollector inMemoryCollector = new InMemoryCollector();

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
    this.mode = required(mode, "mode");
  }

  public String getServiceName() {
    return serviceName;
  }

  public void setServiceName(String serviceName) {
    if (serviceName != null && serviceName.isBlank()) throw invalid("service-name", "must not be blank");
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

  public PropagationProperties getPropagation() {
    return propagation;
  }

  public RequestId getRequestId() {
    return requestId;
  }

  public Http getHttp() {
    return http;
  }

  public Zipkin getZipkin() {
    return zipkin;
  }

  public LogCorrelation getLogCorrelation() {
    return logCorrelation;
  }

  public InMemoryCollector getInMemoryCollector() {
    return inMemoryCollector;
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
      if (!(probability >= 0.0 && probability <= 1.0)) {
        throw invalid("sampling.probability", "must be between 0.0 and 1.0, was " + probability);
      }
      this.probability = probability;
    }

    public Double getRatePerSecond() {
      return ratePerSecond;
    }

    public void setRatePerSecond(Double ratePerSecond) {
      if (ratePerSecond != null && (!(ratePerSecond >= 0.0) || ratePerSecond.isInfinite())) {
        throw invalid("sampling.rate-per-second", "must be a non-negative number, was " + ratePerSecond);
      }
      this.ratePerSecond = ratePerSecond;
    }
  }

  /** Which trace header formats are read and written, and which other headers are forwarded. */
  public static class PropagationProperties {
    /** Formats read from inbound requests, first valid wins: b3, b3multi, w3c. */
    private List<Format> extract = new ArrayList<>(Propagation.DEFAULT_EXTRACT);

    /** Formats written on outbound requests besides those that arrived: b3, b3multi, w3c. */
    private List<Format> inject = new ArrayList<>(Propagation.DEFAULT_INJECT);

    private final ForwardHeaders forwardHeaders = new ForwardHeaders();

    public List<Format> getExtract() {
      return extract;
    }

    public void setExtract(List<Format> extract) {
      this.extract = nonEmpty(extract, "propagation.extract");
    }

    public List<Format> getInject() {
      return inject;
    }

    public void setInject(List<Format> inject) {
      this.inject = nonEmpty(inject, "propagation.inject");
    }

    public ForwardHeaders getForwardHeaders() {
      return forwardHeaders;
    }

    private static List<Format> nonEmpty(List<Format> formats, String property) {
      if (formats == null || formats.isEmpty() || formats.contains(null)) {
        throw invalid(property, "must list at least one of b3, b3multi, w3c");
      }
      return new ArrayList<>(formats);
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
      this.add = headerNames(add, "propagation.forward-headers.add");
    }

    public List<String> getRemove() {
      return remove;
    }

    public void setRemove(List<String> remove) {
      this.remove = headerNames(remove, "propagation.forward-headers.remove");
    }

    private static List<String> headerNames(List<String> names, String property) {
      List<String> result = new ArrayList<>();
      if (names == null) return result;
      Propagation.Builder check = Propagation.newBuilder();
      for (String name : names) {
        try {
          check.addForwardHeader(name);
        } catch (IllegalArgumentException e) {
          throw invalid(property, e.getMessage());
        }
        result.add(name.trim());
      }
      return result;
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
     * Ant-style paths that get no span (their headers are still forwarded). Setting it replaces the defaults
     * /actuator/**, /health, /healthz, /livez, /readyz.
     */
    private List<String> skipPaths = new ArrayList<>(HttpTracing.DEFAULT_SKIP_PATTERNS);

    /**
     * Trust inbound trace context as it comes (behind a sidecar). False, for a service exposed without one: inbound
     * sampled and debug flags are ignored and a request ID that is not a UUID is replaced.
     */
    private boolean trustInboundContext = true;

    /** With trust-inbound-context false, honour at most this many inbound forced traces per second. */
    private double forcedTracesPerSecond;

    public List<String> getSkipPaths() {
      return skipPaths;
    }

    public void setSkipPaths(List<String> skipPaths) {
      List<String> result = new ArrayList<>();
      if (skipPaths != null) {
        for (String path : skipPaths) {
          if (path == null || !path.trim().startsWith("/")) {
            throw invalid("http.server.skip-paths", "each path must start with '/', was '" + path + "'");
          }
          result.add(path.trim());
        }
      }
      this.skipPaths = result;
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
      if (!(forcedTracesPerSecond >= 0.0) || Double.isInfinite(forcedTracesPerSecond)) {
        throw invalid("http.server.forced-traces-per-second",
            "must be a non-negative number, was " + forcedTracesPerSecond);
      }
      this.forcedTracesPerSecond = forcedTracesPerSecond;
    }
  }

  /** Tags of HTTP spans. */
  public static class Tags {
    /** Request headers recorded as http.request.header.NAME (Authorization and Cookie never are). */
    private List<String> requestHeaders = new ArrayList<>();

    /** Response headers recorded as http.response.header.NAME (Set-Cookie never is). */
    private List<String> responseHeaders = new ArrayList<>();

    /** Leave the query string out of http.path. */
    private boolean stripQuery = true;

    /** At most this many tags on a span. */
    private int maxPerSpan = 128;

    /** Tag values are cut to this many characters. */
    private int maxValueLength = 4096;

    public List<String> getRequestHeaders() {
      return requestHeaders;
    }

    public void setRequestHeaders(List<String> requestHeaders) {
      this.requestHeaders = notBlank(requestHeaders, "http.tags.request-headers");
    }

    public List<String> getResponseHeaders() {
      return responseHeaders;
    }

    public void setResponseHeaders(List<String> responseHeaders) {
      this.responseHeaders = notBlank(responseHeaders, "http.tags.response-headers");
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
      this.maxPerSpan = positive(maxPerSpan, "http.tags.max-per-span");
    }

    public int getMaxValueLength() {
      return maxValueLength;
    }

    public void setMaxValueLength(int maxValueLength) {
      this.maxValueLength = positive(maxValueLength, "http.tags.max-value-length");
    }

    private static List<String> notBlank(List<String> names, String property) {
      List<String> result = new ArrayList<>();
      if (names == null) return result;
      for (String name : names) {
        if (name == null || name.isBlank()) throw invalid(property, "must not contain a blank header name");
        result.add(name.trim());
      }
      return result;
    }
  }

  /** Reporting spans to Zipkin or a Zipkin-compatible backend. */
  public static class Zipkin {
    /** Whether spans are reported to Zipkin. */
    private boolean enabled = true;

    /** The full URL spans are POSTed to. */
    private String endpoint = "http://localhost:9411/api/v2/spans";

    /** How spans are encoded: json (Zipkin v2 JSON) or proto3. */
    private Encoding encoding = Encoding.JSON;

    /**
     * How spans are sent: urlconnection (the JDK's, no dependencies) or okhttp (needs OkHttp on the classpath).
     * Defaults to urlconnection.
     */
    private SenderType sender = SenderType.URLCONNECTION;

    /** At most this many spans wait to be sent; further spans are dropped and counted. */
    private int queuedMaxSpans = 10_000;

    /** The largest message sent at once, in bytes. */
    private int messageMaxBytes = 500_000;

    /** How long spans may wait before they are sent. */
    private Duration flushInterval = Duration.ofSeconds(1);

    /** Timeout of connecting to the endpoint. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** Timeout of reading the endpoint's response. */
    private Duration readTimeout = Duration.ofSeconds(60);

    /** How long shutdown waits for queued spans to be delivered. */
    private Duration closeTimeout = Duration.ofSeconds(5);

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
      String reason = checkHttpUrl(endpoint);
      if (reason != null) throw invalid("zipkin.endpoint", reason);
      this.endpoint = endpoint.trim();
    }

    public Encoding getEncoding() {
      return encoding;
    }

    public void setEncoding(Encoding encoding) {
      this.encoding = required(encoding, "zipkin.encoding");
    }

    public SenderType getSender() {
      return sender;
    }

    public void setSender(SenderType sender) {
      this.sender = required(sender, "zipkin.sender");
    }

    public int getQueuedMaxSpans() {
      return queuedMaxSpans;
    }

    public void setQueuedMaxSpans(int queuedMaxSpans) {
      this.queuedMaxSpans = positive(queuedMaxSpans, "zipkin.queued-max-spans");
    }

    public int getMessageMaxBytes() {
      return messageMaxBytes;
    }

    public void setMessageMaxBytes(int messageMaxBytes) {
      this.messageMaxBytes = positive(messageMaxBytes, "zipkin.message-max-bytes");
    }

    public Duration getFlushInterval() {
      return flushInterval;
    }

    public void setFlushInterval(Duration flushInterval) {
      this.flushInterval = positive(flushInterval, "zipkin.flush-interval");
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "zipkin.connect-timeout");
    }

    public Duration getReadTimeout() {
      return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = positive(readTimeout, "zipkin.read-timeout");
    }

    public Duration getCloseTimeout() {
      return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
      this.closeTimeout = positive(closeTimeout, "zipkin.close-timeout");
    }

    private static String checkHttpUrl(String endpoint) {
      if (endpoint == null || endpoint.isBlank()) return "must not be blank";
      try {
        URI uri = new URI(endpoint.trim());
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
          return "must be an http or https URL with a host, was '" + endpoint + "'";
        }
        return null;
      } catch (java.net.URISyntaxException e) {
        return "is not a valid URL: " + e.getMessage();
      }
    }

    /** Encodings of spans sent to Zipkin. */
    public enum Encoding {
      /** Zipkin v2 JSON. */
      JSON,
      /** Zipkin v2 protobuf. */
      PROTO3
    }

    /** HTTP clients that send spans. */
    public enum SenderType {
      /** The JDK's HttpURLConnection: no dependencies. */
      URLCONNECTION,
      /** OkHttp, when the application has it already. */
      OKHTTP
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

  private static <T> T required(T value, String property) {
    if (value == null) throw invalid(property, "must be set");
    return value;
  }

  private static int positive(int value, String property) {
    if (value < 1) throw invalid(property, "must be at least 1, was " + value);
    return value;
  }

  private static Duration positive(Duration value, String property) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw invalid(property, "must be a positive duration, was " + value);
    }
    return value;
  }

  private static IllegalArgumentException invalid(String property, String reason) {
    return new IllegalArgumentException(PREFIX + "." + property + " " + reason);
  }
}
