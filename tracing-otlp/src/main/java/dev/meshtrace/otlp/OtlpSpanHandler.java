package dev.meshtrace.otlp;

import dev.meshtrace.MeshHeaders;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.TraceContext;
import dev.meshtrace.otlp.internal.OtlpEncoder;
import dev.meshtrace.otlp.internal.OtlpSpan;
import dev.meshtrace.otlp.internal.PemTls;
import dev.meshtrace.otlp.internal.Transports;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.reporting.DropCause;
import dev.meshtrace.reporting.FailureHint;
import dev.meshtrace.reporting.ReporterSettings;
import dev.meshtrace.reporting.ReportingSpanHandler;
import dev.meshtrace.reporting.SpanReporter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Reports finished spans over OTLP to an OpenTelemetry collector, Jaeger v2, Grafana Tempo or any OTLP backend:
 * gRPC, HTTP/protobuf or HTTP/JSON, encoded by meshtrace itself (no protobuf runtime). Spans are queued, batched
 * and sent asynchronously by the same reporting core as Zipkin's ({@link SpanReporter}): a dead or slow collector
 * costs the application only dropped, counted spans ({@link #metrics()}; spans a collector rejects in a partial
 * success count as {@link DropCause#REJECTED}). Failed requests are retried as the OTLP specification says
 * ({@link ReporterSettings#retry}); closing ends retries.
 *
 * <pre>{@code
 * OtlpSpanHandler otlp = OtlpSpanHandler.newBuilder().endpoint("http://otel-collector:4317").build();
 * Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(otlp).build();
 * ...
 * otlp.close(); // at shutdown: delivers what is queued, within the close timeout
 * }</pre>
 *
 * <p>Spans are encoded later, on the reporter thread: add this handler after any handler that edits spans.
 */
public final class OtlpSpanHandler extends ReportingSpanHandler<OtlpSpan> {
  private static final Logger LOG = Logger.getLogger(OtlpSpanHandler.class.getName());

  private final String endpoint;
  private final OtlpProtocol protocol;

  private OtlpSpanHandler(OtlpProtocol protocol, String endpoint, SpanReporter<OtlpSpan> reporter) {
    super(reporter);
    this.endpoint = endpoint;
    this.protocol = protocol;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  @Override
  protected OtlpSpan queued(TraceContext context, MutableSpan span) {
    return new OtlpSpan(span, traceState(context));
  }

  /** The inbound {@code tracestate} of the span's trace, unless it came with a {@code traceparent} of another. */
  private static String traceState(TraceContext context) {
    MeshHeaders headers = context == null ? null : context.meshHeaders();
    if (headers == null || (headers.verbatimFormats() & Format.W3C.bit()) != 0) return null;
    return headers.get("tracestate");
  }

  @Override
  public String toString() {
    return "OtlpSpanHandler{" + protocol.value() + " " + endpoint + "}";
  }

  /**
   * Configures an {@link OtlpSpanHandler}. Each setting fails fast, naming itself, on a bad value. A setting not
   * made here is taken from the OpenTelemetry environment variables ({@link OtelEnvironment}), else has its default:
   * builder call &gt; {@code OTEL_*} variable &gt; default.
   */
  public static final class Builder extends ReporterSettings<Builder> {
    private OtelEnvironment environment = OtelEnvironment.system();
    private OtlpProtocol protocol;
    private String endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Boolean compression;
    private Duration timeout;
    private Path certificate;
    private Path clientKey;
    private Path clientCertificate;
    private String serviceName;
    private final Map<String, String> resourceAttributes = new LinkedHashMap<>();

    Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** Where unset settings are read from. Default {@link OtelEnvironment#system()}, the process environment. */
    public Builder environment(OtelEnvironment environment) {
      if (environment == null) throw new IllegalArgumentException("environment must not be null");
      this.environment = environment;
      return this;
    }

    /** The transport. Default {@link OtlpProtocol#GRPC}, as the OpenTelemetry Java SDK's. */
    public Builder protocol(OtlpProtocol protocol) {
      if (protocol == null) throw new IllegalArgumentException("protocol must not be null");
      this.protocol = protocol;
      return this;
    }

    /**
     * Where spans go, used as is: for gRPC the collector's base URL ({@code http://collector:4317}), for OTLP/HTTP
     * the full traces URL ({@code http://collector:4318/v1/traces}). Default: the protocol's
     * {@link OtlpProtocol#defaultEndpoint()}. {@code https} uses TLS.
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = validEndpoint("endpoint", endpoint);
      return this;
    }

    /** A header sent with every request, such as an API key. */
    public Builder header(String name, String value) {
      if (name == null || name.isBlank() || value == null) {
        throw new IllegalArgumentException("header needs a name and a value, was " + name + "=" + value);
      }
      headers.put(name.trim(), value);
      return this;
    }

    /** Whether requests are gzip-compressed. Default true. */
    public Builder compression(boolean compression) {
      this.compression = compression;
      return this;
    }

    /** The most one export attempt may take, connecting included. Default 10 seconds. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireAtLeastOneMilli("timeout", timeout);
      return this;
    }

    /** PEM file of the CA certificates trusted for an {@code https} endpoint. Default: the JDK's. */
    public Builder trustedCertificates(Path pemFile) {
      this.certificate = pemFile;
      return this;
    }

    /** mTLS: the client's PKCS#8 PEM private key and its PEM certificate chain. */
    public Builder clientCertificate(Path privateKeyPem, Path certificatePem) {
      if ((privateKeyPem == null) != (certificatePem == null)) {
        throw new IllegalArgumentException("clientCertificate needs both the key and the certificate file");
      }
      this.clientKey = privateKeyPem;
      this.clientCertificate = certificatePem;
      return this;
    }

    /**
     * The resource's {@code service.name}. Default: {@code OTEL_SERVICE_NAME}, else each span's local service name
     * (the tracer's).
     */
    public Builder serviceName(String serviceName) {
      if (serviceName == null || serviceName.isBlank()) {
        throw new IllegalArgumentException("serviceName must not be blank");
      }
      this.serviceName = serviceName;
      return this;
    }

    /** A resource attribute, such as {@code deployment.environment.name}. */
    public Builder resourceAttribute(String key, String value) {
      if (key == null || key.isBlank() || value == null) {
        throw new IllegalArgumentException("resourceAttribute needs a key and a value, was " + key + "=" + value);
      }
      resourceAttributes.put(key.trim(), value);
      return this;
    }

    /**
     * The handler. Nothing is connected yet: the first span starts the reporter thread.
     *
     * @throws IllegalArgumentException naming the setting or variable, e.g. an unreadable certificate file
     */
    public OtlpSpanHandler build() {
      OtlpProtocol protocol = firstOf(this.protocol, environment.protocol(), OtlpProtocol.GRPC);
      String url = firstOf(endpoint, environment.endpoint(protocol), protocol.defaultEndpoint());
      Map<String, String> allHeaders = merged(environment.headers(), headers);
      Map<String, String> attributes = merged(environment.resourceAttributes(), resourceAttributes);
      Path ca = firstOf(certificate, environment.certificate(), null);
      Path key = clientKey != null ? clientKey : environment.clientKey();
      Path cert = clientKey != null ? clientCertificate : environment.clientCertificate();
      PemTls tls = ca != null || key != null || cert != null ? PemTls.load(ca, key, cert,
          certificate != null || clientKey != null ? "OTLP TLS" : "OTEL_EXPORTER_OTLP_CERTIFICATE/CLIENT_KEY/"
              + "CLIENT_CERTIFICATE") : null;
      return new OtlpSpanHandler(protocol, url, newReporter(
          Transports.sender(protocol, url, allHeaders, firstOf(compression, environment.compression(), true),
              firstOf(timeout, environment.timeout(), Duration.ofSeconds(10)), tls, messageMaxBytes()),
          new OtlpEncoder(protocol == OtlpProtocol.HTTP_JSON, firstOf(serviceName, environment.serviceName(), null),
              attributes), LOG, url, FailureHint.NONE));
    }

    /** {@code fromEnvironment} (may be null) overridden by {@code explicit}. */
    private static Map<String, String> merged(Map<String, String> fromEnvironment, Map<String, String> explicit) {
      Map<String, String> result = new LinkedHashMap<>();
      if (fromEnvironment != null) result.putAll(fromEnvironment);
      result.putAll(explicit);
      return result;
    }

    private static <T> T firstOf(T explicit, T fromEnvironment, T fallback) {
      return explicit != null ? explicit : fromEnvironment != null ? fromEnvironment : fallback;
    }

    static String validEndpoint(String setting, String endpoint) {
      try {
        URI uri = new URI(endpoint == null ? "" : endpoint.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) return uri.toString();
      } catch (URISyntaxException e) {
        // reported below
      }
      throw new IllegalArgumentException(setting + " must be an absolute http or https URL such as "
          + OtlpProtocol.GRPC.defaultEndpoint() + ", was '" + endpoint + "'");
    }
  }
}
