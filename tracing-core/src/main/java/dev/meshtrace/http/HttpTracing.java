package dev.meshtrace.http;

import dev.meshtrace.Tracing;
import dev.meshtrace.internal.EdgePolicy;
import dev.meshtrace.internal.HeaderValues;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The HTTP layer's configuration: what server and client spans record and which requests are traced. Every
 * setting is a plain value so the Spring Boot starter can bind it from properties (path rules through
 * {@link PathRule#parse}). Immutable.
 *
 * <p>Redaction and the caps on tag values and tags per span apply to every span, so they live with
 * {@link Tracing}: {@link dev.meshtrace.handler.RedactingSpanHandler} (added before the exporters),
 * {@code Tracing.Builder.maxTagValueLength} and {@code maxTagsPerSpan}.
 */
public final class HttpTracing {
  private static final Logger LOG = Logger.getLogger(HttpTracing.class.getName());

  /** Paths skipped by default: health and management endpoints. */
  public static final List<String> DEFAULT_SKIP_PATTERNS =
      List.of("/actuator/**", "/health", "/healthz", "/livez", "/readyz");
  /** Headers never recorded as tags, even when listed: they carry credentials. */
  public static final Set<String> NEVER_TAGGED =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  private final Tracing tracing;
  private final List<String> requestHeaderTags;
  private final List<String> responseHeaderTags;
  private final boolean stripQuery;
  private final List<PathRule> pathRules;
  private final boolean trustInboundContext;
  private final EdgePolicy edgePolicy;
  private final List<HttpSpanCustomizer> customizers;

  private HttpTracing(Builder builder) {
    this.tracing = builder.tracing;
    this.requestHeaderTags = List.copyOf(builder.requestHeaderTags);
    this.responseHeaderTags = List.copyOf(builder.responseHeaderTags);
    this.stripQuery = builder.stripQuery;
    this.pathRules = List.copyOf(builder.pathRules);
    this.trustInboundContext = builder.trustInboundContext;
    this.edgePolicy = trustInboundContext ? null : new EdgePolicy(builder.forcedTracesPerSecond);
    this.customizers = List.copyOf(builder.customizers);
  }

  /** The defaults over {@code tracing}. */
  public static HttpTracing create(Tracing tracing) {
    return newBuilder(tracing).build();
  }

  public static Builder newBuilder(Tracing tracing) {
    return new Builder(tracing);
  }

  public Tracing tracing() {
    return tracing;
  }

  /** Lower-case names of the request headers recorded as {@code http.request.header.<name>}. */
  public List<String> requestHeaderTags() {
    return requestHeaderTags;
  }

  /** Lower-case names of the response headers recorded as {@code http.response.header.<name>}. */
  public List<String> responseHeaderTags() {
    return responseHeaderTags;
  }

  /** Whether {@code http.path} and {@code http.url} leave out the query string (default true). */
  public boolean stripQuery() {
    return stripQuery;
  }

  /** The ordered path rules; the first that matches decides. */
  public List<PathRule> pathRules() {
    return pathRules;
  }

  /** Whether inbound trace context is trusted as it comes (default true: behind a sidecar). */
  public boolean trustInboundContext() {
    return trustInboundContext;
  }

  List<HttpSpanCustomizer> customizers() {
    return customizers;
  }

  /** What the server handler keeps of an inbound context when it is distrusted; null when it is trusted. */
  EdgePolicy edgePolicy() {
    return edgePolicy;
  }

  /** The first path rule matching {@code path}, or null. */
  PathRule ruleFor(String path) {
    for (PathRule rule : pathRules) {
      if (rule.matches(path)) return rule;
    }
    return null;
  }

  /** Configures {@link HttpTracing}. */
  public static final class Builder {
    private final Tracing tracing;
    private final Set<String> requestHeaderTags = new LinkedHashSet<>();
    private final Set<String> responseHeaderTags = new LinkedHashSet<>();
    private boolean stripQuery = true;
    private final List<PathRule> pathRules = new ArrayList<>();
    private boolean trustInboundContext = true;
    private double forcedTracesPerSecond;
    private final List<HttpSpanCustomizer> customizers = new ArrayList<>();

    Builder(Tracing tracing) {
      this.tracing = Objects.requireNonNull(tracing, "tracing");
      for (String pattern : DEFAULT_SKIP_PATTERNS) pathRules.add(PathRule.skip(pattern));
    }

    /** Records these request headers as tags. Credential headers are ignored (see {@link #NEVER_TAGGED}). */
    public Builder requestHeaderTags(List<String> names) {
      requestHeaderTags.clear();
      for (String name : names) addTagHeader(requestHeaderTags, name);
      return this;
    }

    /** Records these response headers as tags. Credential headers are ignored. */
    public Builder responseHeaderTags(List<String> names) {
      responseHeaderTags.clear();
      for (String name : names) addTagHeader(responseHeaderTags, name);
      return this;
    }

    private static void addTagHeader(Set<String> target, String name) {
      String normalized = HeaderValues.normalizeName(name, "to tag");
      if (NEVER_TAGGED.contains(normalized)) {
        LOG.warning("Header '" + name + "' carries credentials and is never recorded as a tag");
      } else {
        target.add(normalized);
      }
    }


    /** Whether {@code http.path} and {@code http.url} leave out the query string. Default true. */
    public Builder stripQuery(boolean stripQuery) {
      this.stripQuery = stripQuery;
      return this;
    }

    /**
     * Replaces the path rules, defaults included ({@link #DEFAULT_SKIP_PATTERNS}). The first rule matching a
     * request's path decides; see {@link PathRule#parse} for the string form.
     */
    public Builder pathRules(List<PathRule> rules) {
      List<PathRule> copy = new ArrayList<>();
      for (PathRule rule : rules) copy.add(Objects.requireNonNull(rule, "path rule"));
      pathRules.clear();
      pathRules.addAll(copy);
      return this;
    }

    /** Adds a rule after the existing ones (so after the default skips unless they were replaced). */
    public Builder addPathRule(PathRule rule) {
      pathRules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * For a service exposed without a sidecar in front, false distrusts inbound context the way Envoy sanitises
     * edge requests: an inbound sampled or debug decision is honoured only within {@link #forcedTracesPerSecond};
     * otherwise, and when IDs arrive without a decision, the request starts a fresh trace decided by this
     * service's sampler, and the caller's trace headers are not forwarded. An inbound not-sampled decision is kept.
     * An {@code x-request-id} that is not a well-formed UUID (8-4-4-4-12 hex, any character in the version
     * position) is replaced by a generated one (dropped when request ID generation is off). Default true: behind a
     * mesh the sidecar has already sanitised.
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

    /** Adds code-level customisation, run after the defaults. */
    public Builder addCustomizer(HttpSpanCustomizer customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer"));
      return this;
    }

    public HttpTracing build() {
      return new HttpTracing(this);
    }
  }
}
