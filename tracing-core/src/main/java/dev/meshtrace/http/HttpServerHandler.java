package dev.meshtrace.http;

import dev.meshtrace.Mode;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.internal.EdgePolicy;
import dev.meshtrace.internal.InternalFactory;
import dev.meshtrace.internal.OrphanCallDetector;
import dev.meshtrace.propagation.HeaderGetter;
import dev.meshtrace.propagation.Propagation;

/**
 * Turns inbound requests into server spans, for every server adapter: extraction, edge policy, path rules,
 * sampling, naming, tagging and timing live here once. Thread-safe.
 *
 * <p>Error rule: a server span is an error when the exchange ended with an exception or a status of 500 or more;
 * 4xx answers are the client's fault and are not.
 *
 * <pre>{@code
 * Span span = handler.handleReceive(request);
 * try (Scope scope = tracer.withSpanInScope(span)) { chain.proceed(); }
 * finally { handler.handleSend(response, span); }
 * }</pre>
 */
public final class HttpServerHandler {
  /** Confines the spans this class makes while it tags them ({@link InternalFactory#confine}). */
  private static final InternalFactory INTERNAL = InternalFactory.get();
  /** Server spans count statuses from this one up as errors. */
  public static final int ERROR_STATUS = 500;

  private static final HeaderGetter<HttpServerRequest> GETTER = new HeaderGetter<>() {
    @Override
    public String get(HttpServerRequest request, String name) {
      return request.header(name);
    }

    @Override
    public String getAll(HttpServerRequest request, String name) {
      return request.headerValues(name);
    }
  };

  private final HttpTracing httpTracing;
  private final Tracing tracing;
  private final Tracer tracer;
  private final Propagation propagation;
  /** Null when orphan-call detection is off. */
  private final OrphanCallDetector orphanCalls;
  private final HttpSpans spans;

  private HttpServerHandler(HttpTracing httpTracing) {
    this.httpTracing = httpTracing;
    this.tracing = httpTracing.tracing();
    this.tracer = tracing.tracer();
    this.propagation = tracing.propagation();
    this.orphanCalls = InternalFactory.get().orphanCallDetector(tracing);
    this.spans = new HttpSpans(httpTracing);
  }

  /** A handler applying {@code httpTracing}'s settings; build it once and share it. */
  public static HttpServerHandler create(HttpTracing httpTracing) {
    return new HttpServerHandler(httpTracing);
  }

  /**
   * The span of an inbound request, started; a no-op span (still carrying the headers to forward) when the
   * request is skipped by a path rule, unsampled or in forward mode. The caller makes it current and ends it with
   * {@link #handleSend}. Never throws for any header content.
   *
   * <p>A skipped request records nothing and its inbound headers are forwarded byte for byte; in record mode it
   * counts as not sampled, so when no trace headers arrived its outbound calls carry a not-sampled decision and
   * do not start traces of their own downstream.
   */
  public Span handleReceive(HttpServerRequest request) {
    if (orphanCalls != null) orphanCalls.inbound();
    TraceContext extracted = propagation.extract(request, GETTER);
    EdgePolicy edgePolicy = httpTracing.edgePolicy();
    if (edgePolicy != null) extracted = edgePolicy.apply(extracted);
    PathRule rule = httpTracing.ruleFor(request.path());
    if (rule != null && rule.isSkip()) {
      return tracer.toSpan(tracing.mode() == Mode.RECORD ? extracted.withSampled(false) : extracted);
    }
    Span span = INTERNAL.confine(tracer.serverSpan(extracted, rule != null ? rule.sampler() : tracing.sampler()));
    if (span.isNoop()) return span;
    String requestId = span.context().requestId();
    if (requestId != null) span.tag(HttpTags.REQUEST_ID, requestId);
    String remoteIp = request.remoteIp();
    if (remoteIp != null) span.remoteIpAndPort(remoteIp, request.remotePort());
    spans.onRequest(request, span);
    return span.start();
  }

  /**
   * Records the outcome of the exchange (response, error or both) and finishes {@code span}. Does nothing for a
   * no-op span. To rename the span by a route known only now, {@code response.request()} must return the request.
   */
  public void handleSend(HttpServerResponse response, Span span) {
    if (span.isNoop()) return;
    try {
      if (response != null) spans.onResponse(response, span, ERROR_STATUS);
    } finally {
      span.finish();
    }
  }

}
