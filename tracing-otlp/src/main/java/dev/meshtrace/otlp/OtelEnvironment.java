package dev.meshtrace.otlp;

import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The OpenTelemetry SDK's environment variables, read as its users expect: the OTLP exporter's
 * ({@code OTEL_EXPORTER_OTLP_*}, the {@code TRACES_} variant of each first), {@code OTEL_SERVICE_NAME},
 * {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_TRACES_SAMPLER} with {@code OTEL_TRACES_SAMPLER_ARG}, and
 * {@code OTEL_PROPAGATORS}. Each getter returns null when its variable is unset or blank, and throws an
 * {@link IllegalArgumentException} naming the variable when its value is malformed. Explicit settings (builder
 * calls, {@code meshtrace.*} properties) take precedence over these; they over the defaults.
 */
public final class OtelEnvironment {
  private final Function<String, String> variables;

  private OtelEnvironment(Function<String, String> variables) {
    this.variables = variables;
  }

  /** The process environment. */
  public static OtelEnvironment system() {
    return new OtelEnvironment(System::getenv);
  }

  /** Variables looked up in {@code variables} (a map's {@code get}, for tests or another source). */
  public static OtelEnvironment of(Function<String, String> variables) {
    return new OtelEnvironment(variables);
  }

  /** The trimmed value of {@code name}, or null when unset or blank. */
  public String get(String name) {
    String value = variables.apply(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** {@code OTEL_EXPORTER_OTLP_TRACES_<suffix>}, else {@code OTEL_EXPORTER_OTLP_<suffix>}: [name, value] or null. */
  private String[] exporterVariable(String suffix) {
    for (String name : new String[] {"OTEL_EXPORTER_OTLP_TRACES_" + suffix, "OTEL_EXPORTER_OTLP_" + suffix}) {
      String value = get(name);
      if (value != null) return new String[] {name, value};
    }
    return null;
  }

  /** {@code OTEL_EXPORTER_OTLP_TRACES_PROTOCOL} / {@code OTEL_EXPORTER_OTLP_PROTOCOL}. */
  public OtlpProtocol protocol() {
    String[] variable = exporterVariable("PROTOCOL");
    if (variable == null) return null;
    try {
      return OtlpProtocol.of(variable[1]);
    } catch (IllegalArgumentException e) {
      throw invalid(variable[0], e.getMessage());
    }
  }

  /**
   * Where spans go for {@code protocol}: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as is, else
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT}, to which OTLP/HTTP appends {@code /v1/traces}.
   */
  public String endpoint(OtlpProtocol protocol) {
    String traces = get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (traces != null) return validEndpoint("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces);
    String base = get("OTEL_EXPORTER_OTLP_ENDPOINT");
    if (base == null) return null;
    validEndpoint("OTEL_EXPORTER_OTLP_ENDPOINT", base);
    if (protocol == OtlpProtocol.GRPC) return base;
    return (base.endsWith("/") ? base : base + "/") + "v1/traces";
  }

  /** True when an OTLP endpoint variable is set: what switches OTLP reporting on in the starter. */
  public boolean hasEndpoint() {
    return get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != null || get("OTEL_EXPORTER_OTLP_ENDPOINT") != null;
  }

  /** {@code OTEL_EXPORTER_OTLP_[TRACES_]HEADERS}: comma-separated {@code key=value}, values percent-decoded. */
  public Map<String, String> headers() {
    String[] variable = exporterVariable("HEADERS");
    return variable == null ? null : keyValues(variable[0], variable[1]);
  }

  /** {@code OTEL_EXPORTER_OTLP_[TRACES_]COMPRESSION}: {@code gzip} (true) or {@code none} (false). */
  public Boolean compression() {
    String[] variable = exporterVariable("COMPRESSION");
    if (variable == null) return null;
    switch (variable[1].toLowerCase(Locale.ROOT)) {
      case "gzip": return true;
      case "none": return false;
      default: throw invalid(variable[0], "use gzip or none");
    }
  }

  /** {@code OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT}, in milliseconds. */
  public Duration timeout() {
    String[] variable = exporterVariable("TIMEOUT");
    if (variable == null) return null;
    try {
      long millis = Long.parseLong(variable[1]);
      if (millis >= 1) return Duration.ofMillis(millis);
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(variable[0], "use a whole number of milliseconds, at least 1");
  }

  /** {@code OTEL_EXPORTER_OTLP_[TRACES_]CERTIFICATE}: the trusted CA certificates (PEM). */
  public Path certificate() {
    return file("CERTIFICATE");
  }

  /** {@code OTEL_EXPORTER_OTLP_[TRACES_]CLIENT_KEY}: the client's private key for mTLS (PKCS#8 PEM). */
  public Path clientKey() {
    return file("CLIENT_KEY");
  }

  /** {@code OTEL_EXPORTER_OTLP_[TRACES_]CLIENT_CERTIFICATE}: the client's certificate chain for mTLS (PEM). */
  public Path clientCertificate() {
    return file("CLIENT_CERTIFICATE");
  }

  private Path file(String suffix) {
    String[] variable = exporterVariable(suffix);
    if (variable == null) return null;
    Path path = Path.of(variable[1]);
    if (!Files.isReadable(path)) throw invalid(variable[0], "no readable file there");
    return path;
  }

  /** {@code OTEL_SERVICE_NAME}, else {@code service.name} of {@code OTEL_RESOURCE_ATTRIBUTES}. */
  public String serviceName() {
    String name = get("OTEL_SERVICE_NAME");
    if (name != null) return name;
    Map<String, String> attributes = resourceAttributes();
    return attributes == null ? null : attributes.get("service.name");
  }

  /** {@code OTEL_RESOURCE_ATTRIBUTES}: comma-separated {@code key=value}, values percent-decoded. */
  public Map<String, String> resourceAttributes() {
    String value = get("OTEL_RESOURCE_ATTRIBUTES");
    return value == null ? null : keyValues("OTEL_RESOURCE_ATTRIBUTES", value);
  }

  /**
   * {@code OTEL_TRACES_SAMPLER} (with {@code OTEL_TRACES_SAMPLER_ARG} for the ratio, default 1.0):
   * {@code always_on}, {@code always_off}, {@code traceidratio} and their {@code parentbased_} forms. meshtrace
   * always keeps a decision that arrived with the request (the mesh's), so each acts as its parent-based form.
   */
  public Sampler sampler() {
    String name = get("OTEL_TRACES_SAMPLER");
    if (name == null) return null;
    String sampler = name.toLowerCase(Locale.ROOT);
    if (sampler.startsWith("parentbased_")) sampler = sampler.substring("parentbased_".length());
    switch (sampler) {
      case "always_on": return Sampler.ALWAYS;
      case "always_off": return Sampler.NEVER;
      case "traceidratio": return Sampler.probability(ratio());
      default: throw invalid("OTEL_TRACES_SAMPLER", "use always_on, always_off, traceidratio, "
          + "parentbased_always_on, parentbased_always_off or parentbased_traceidratio");
    }
  }

  private double ratio() {
    String arg = get("OTEL_TRACES_SAMPLER_ARG");
    if (arg == null) return 1.0;
    try {
      double ratio = Double.parseDouble(arg);
      if (ratio >= 0.0 && ratio <= 1.0) return ratio;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("OTEL_TRACES_SAMPLER_ARG", "use a ratio between 0.0 and 1.0");
  }

  /**
   * {@code OTEL_PROPAGATORS} applied to {@code propagation}: the trace formats listed ({@code tracecontext},
   * {@code b3}, {@code b3multi}) are those extracted and injected (extraction keeps Envoy's order);
   * {@code baggage} keeps the {@code baggage} header forwarded, and without it the header is not; {@code none}
   * propagates no trace format.
   *
   * @return {@code propagation}, unchanged when the variable is unset
   */
  public Propagation.Builder propagators(Propagation.Builder propagation) {
    String value = get("OTEL_PROPAGATORS");
    if (value == null) return propagation;
    List<Format> formats = new ArrayList<>();
    boolean baggage = false;
    for (String item : value.split(",")) {
      switch (item.trim().toLowerCase(Locale.ROOT)) {
        case "tracecontext": formats.add(Format.W3C); break;
        case "b3": formats.add(Format.B3); break;
        case "b3multi": formats.add(Format.B3_MULTI); break;
        case "baggage": baggage = true; break;
        case "none": break;
        default: throw invalid("OTEL_PROPAGATORS", "'" + item.trim() + "' is not supported; use tracecontext, "
            + "b3, b3multi, baggage or none");
      }
    }
    propagation.extract(formats).inject(formats);
    return baggage ? propagation.addForwardHeader("baggage") : propagation.removeForwardHeader("baggage");
  }

  private static Map<String, String> keyValues(String variable, String list) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String item : list.split(",")) {
      if (item.isBlank()) continue;
      int equals = item.indexOf('=');
      String key = equals < 0 ? "" : item.substring(0, equals).trim();
      if (key.isEmpty()) throw invalid(variable, "'" + item.trim() + "' is not key=value");
      result.put(decode(variable, key), decode(variable, item.substring(equals + 1).trim()));
    }
    return result;
  }

  private static String decode(String variable, String value) {
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid(variable, "bad percent-encoding in '" + value + "'");
    }
  }

  private static String validEndpoint(String variable, String url) {
    return OtlpSpanHandler.Builder.validEndpoint(variable, url);
  }

  private static IllegalArgumentException invalid(String variable, String problem) {
    return new IllegalArgumentException(variable + " is malformed: " + problem);
  }
}
