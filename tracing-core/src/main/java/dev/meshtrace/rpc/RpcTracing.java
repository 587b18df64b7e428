package dev.meshtrace.rpc;

import dev.meshtrace.Tracing;
import dev.meshtrace.http.PathRule;
import dev.meshtrace.internal.EdgePolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RPC layer's configuration, shared by every RPC adapter (gRPC today): which calls are traced, which
 * statuses count as errors, whether inbound context is trusted, and code-level customisation of the spans. Plain values, so the Spring Boot starter can bind them from properties. Immutable.
 *
 * <p>Calls are matched by the path {@code /<service>/<method>}, which for gRPC is the HTTP/2 path of the call
 * ({@code /bookinfo.Ratings/GetRating}), with the same rules as HTTP paths ({@link PathRule}): for instance
 * {@code skip:/grpc.health.v1.Health/*} or {@code probability:0.1:/bookinfo.Ratings/**}.
 */
public final class RpcTracing {
  /** Calls skipped by default: gRPC health checks and server reflection. */
  public static final List<String> DEFAULT_SKIP_PATTERNS = List.of(
      "/grpc.health.v1.Health/*", "/grpc.reflection.v1.ServerReflection/*",
      "/grpc.reflection.v1alpha.ServerReflection/*");
  /**
   * The statuses a server span counts as errors, after OpenTelemetry's gRPC conventions: those that say the server
   * failed. The others ({@code NOT_FOUND}, {@code INVALID_ARGUMENT}, {@code CANCELLED}...) answer the caller's
   * request or its choice. A client span is an error for any status other than {@code OK}.
   */
  public static final Set<String> DEFAULT_SERVER_ERROR_STATUSES =
      Set.of("UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS");
  /** The status name of a successful call. */
  public static final String OK = "OK";

  /** How many method names {@link #ruleFor} remembers its answer for; calls beyond them are matched each time. */
  static final int MAX_CACHED_METHODS = 1024;

  private final Tracing tracing;
  private final List<PathRule> rules;
  private final Set<String> serverErrorStatuses;
  private final EdgePolicy edgePolicy;
  private final List<RpcSpanCustomizer> customizers;
  private final Map<String, Optional<PathRule>> ruleByMethod = new ConcurrentHashMap<>();

  private RpcTracing(Builder builder) {
    this.tracing = builder.tracing;
    this.rules = List.copyOf(builder.rules);
    this.serverErrorStatuses = Set.copyOf(builder.serverErrorStatuses);
    this.edgePolicy = builder.trustInboundContext ? null : new EdgePolicy(builder.forcedTracesPerSecond);
    this.customizers = List.copyOf(builder.customizers);
  }

  /** The defaults over {@code tracing}. */
  public static RpcTracing create(Tracing tracing) {
    return newBuilder(tracing).build();
  }

  public static Builder newBuilder(Tracing tracing) {
    return new Builder(tracing);
  }

  public Tracing tracing() {
    return tracing;
  }

  /** The ordered rules over {@code /<service>/<method>}; the first that matches decides. */
  public List<PathRule> rules() {
    return rules;
  }

  /** The status names that make a server span an error. */
  public Set<String> serverErrorStatuses() {
    return serverErrorStatuses;
  }

  /** Whether inbound trace context is trusted as it comes (default true: behind a sidecar). */
  public boolean trustInboundContext() {
    return edgePolicy == null;
  }

  /** What the server handler keeps of an inbound context when it is distrusted; null when it is trusted. */
  EdgePolicy edgePolicy() {
    return edgePolicy;
  }

  List<RpcSpanCustomizer> customizers() {
    return customizers;
  }

  /**
   * The first rule matching the call, or null. A service has a fixed set of methods, so the answer is kept per
   * method name (up to {@link #MAX_CACHED_METHODS}) and a call allocates nothing for it.
   */
  PathRule ruleFor(RpcRequest request) {
    if (rules.isEmpty()) return null;
    String method = request.fullMethodName();
    if (method == null) return firstMatching("/");
    Optional<PathRule> rule = ruleByMethod.get(method);
    if (rule == null) {
      rule = Optional.ofNullable(firstMatching("/" + method));
      if (ruleByMethod.size() < MAX_CACHED_METHODS) ruleByMethod.putIfAbsent(method, rule);
    }
    return rule.orElse(null);
  }

  private PathRule firstMatching(String path) {
    for (PathRule rule : rules) {
      if (rule.pattern().matches(path)) return rule;
    }
    return null;
  }

  /** Configures {@link RpcTracing}. */
  public static final class Builder {
    private final Tracing tracing;
    private final List<PathRule> rules = new ArrayList<>();
    private Set<String> serverErrorStatuses = DEFAULT_SERVER_ERROR_STATUSES;
    private boolean trustInboundContext = true;
    private double forcedTracesPerSecond;
    private final List<RpcSpanCustomizer> customizers = new ArrayList<>();

    Builder(Tracing tracing) {
      this.tracing = Objects.requireNonNull(tracing, "tracing");
      for (String pattern : DEFAULT_SKIP_PATTERNS) rules.add(PathRule.skip(pattern));
    }

    /**
     * Replaces the rules, defaults included ({@link #DEFAULT_SKIP_PATTERNS}). The first rule whose pattern matches
     * {@code /<service>/<method>} decides: a skip records nothing (metadata still forwarded), a sampler replaces the
     * tracing sampler for new traces.
     */
    public Builder rules(List<PathRule> rules) {
      List<PathRule> copy = new ArrayList<>();
      for (PathRule rule : rules) copy.add(Objects.requireNonNull(rule, "rule"));
      this.rules.clear();
      this.rules.addAll(copy);
      return this;
    }

    /** Adds a rule after the existing ones (so after the default skips unless they were replaced). */
    public Builder addRule(PathRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Replaces the status names that make a server span an error (default {@link #DEFAULT_SERVER_ERROR_STATUSES}). */
    public Builder serverErrorStatuses(Set<String> statuses) {
      Set<String> copy = new HashSet<>();
      for (String status : statuses) {
        String normalized = Objects.requireNonNull(status, "status").trim().toUpperCase(Locale.ROOT);
        if (normalized.isEmpty()) throw new IllegalArgumentException("Invalid server error status: '" + status + "'");
        copy.add(normalized);
      }
      this.serverErrorStatuses = copy;
      return this;
    }

    /**
     * Set false for a server exposed without a sidecar in front: inbound context is handled as
     * {@code HttpTracing.Builder.trustInboundContext} describes (a sampled or debug decision honoured only within
     * {@link #forcedTracesPerSecond}, otherwise a fresh trace; a request ID that is not a well-formed UUID
     * replaced). Default true: behind a mesh the sidecar has already sanitised.
     */
    public Builder trustInboundContext(boolean trust) {
      this.trustInboundContext = trust;
      return this;
    }

    /** With inbound context distrusted, honour at most this many forced traces per second. Default 0. */
    public Builder forcedTracesPerSecond(double perSecond) {
      this.forcedTracesPerSecond = EdgePolicy.checkForcedTracesPerSecond(perSecond);
      return this;
    }

    /** Adds code-level customisation of RPC spans, run after the default naming and tags. */
    public Builder addCustomizer(RpcSpanCustomizer customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer"));
      return this;
    }

    public RpcTracing build() {
      return new RpcTracing(this);
    }
  }
}
