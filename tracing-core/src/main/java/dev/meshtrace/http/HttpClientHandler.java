package dev.meshtrace.http;

import dev.meshtrace.Mode;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.internal.InternalFactory;
import dev.meshtrace.internal.OrphanCallDetector;
import dev.meshtrace.internal.StaleTraceHeaders;
import dev.meshtrace.internal.Urls;
import dev.meshtrace.propagation.HeaderSetter;
import dev.meshtrace.propagation.Propagation;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns outbound requests into client spans and writes the propagation and mesh headers onto them, for every
 * client adapter. Thread-safe.
 *
 * <p>Trace headers the application set: every trace header meshtrace owns ({@link Propagation#traceHeaderNames()})
 * is removed from the request before the context's are written, so the next hop sees only ours, never a stale
 * {@code b3} beside our {@code X-B3-*} (a format neither received nor injected) nor a {@code tracestate} or
 * {@code x-b3-parentspanid} our headers do not carry. Headers of other names the application set are left alone,
 * except those meshtrace forwards, which ours replace. In {@link Mode#FORWARD} mode nothing is removed: meshtrace
 * only forwards there, and alters nothing the application wrote.
 *
 * <p>Error rule: a client span is an error when the exchange failed (no response) or the status is 400 or more,
 * since the caller sees a failed call either way.
 */
public final class HttpClientHandler {
  /** Confines the spans this class makes while it tags them ({@link InternalFactory#confine}). */
  private static final InternalFactory INTERNAL = InternalFactory.get();
  private static final Logger LOG = Logger.getLogger(HttpClientHandler.class.getName());

  /** Client spans count statuses from this one up as errors. */
  public static final int ERROR_STATUS = 400;

  /** Writes a header; a value the client library refuses (e.g. beyond Latin-1) is left out, never thrown. */
  private static final HeaderSetter<HttpClientRequest> SETTER = (request, name, value) -> {
    try {
      request.header(name, value);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "The HTTP client refused header {0}; it is not forwarded: {1}", new Object[] {name, e});
    }
  };

  private final Tracer tracer;
  private final Propagation propagation;
  private final StaleTraceHeaders staleTraceHeaders;
  private final HttpSpans spans;
  /** Null when orphan-call detection is off. */
  private final OrphanCallDetector orphanCalls;

  private HttpClientHandler(HttpTracing httpTracing) {
    this.tracer = httpTracing.tracing().tracer();
    this.propagation = httpTracing.tracing().propagation();
    this.staleTraceHeaders = new StaleTraceHeaders(httpTracing.tracing());
    this.spans = new HttpSpans(httpTracing);
    this.orphanCalls = InternalFactory.get().orphanCallDetector(httpTracing.tracing());
  }

  /** A handler applying {@code httpTracing}'s settings; build it once and share it. */
  public static HttpClientHandler create(HttpTracing httpTracing) {
    return new HttpClientHandler(httpTracing);
  }

  /**
   * Starts a client span under the current context (a new trace when none is current) and writes its headers onto
   * {@code request}, replacing any of the same name.
   */
  public Span handleSend(HttpClientRequest request) {
    return handleSend(request, tracer.currentContext());
  }

  /**
   * Starts a client span under {@code parent} (captured on another thread; null starts a new trace) and writes its
   * headers onto {@code request}, replacing any of the same name and removing the other trace headers the
   * application set. Unsampled and forward-mode requests get the headers and record nothing. A request with no
   * parent while this process serves traced requests is an orphan call (see
   * {@link dev.meshtrace.diagnostics.Diagnostics}).
   */
  public Span handleSend(HttpClientRequest request, TraceContext parent) {
    if (parent == null && orphanCalls != null) orphanCall(request);
    Span span = INTERNAL.confine(tracer.nextSpan(parent)).kind(SpanKind.CLIENT);
    staleTraceHeaders.removeFrom(request, HttpClientRequest::removeHeader);
    propagation.inject(span.context(), request, SETTER);
    if (span.isNoop()) return span;
    spans.onRequest(request, span);
    return span.start();
  }

  /** Records the outcome (response, error or both) and finishes {@code span}. Does nothing for a no-op span. */
  public void handleReceive(HttpClientResponse response, Span span) {
    if (span.isNoop()) return;
    try {
      recordOutcome(response, span);
    } finally {
      span.finish();
    }
  }

  /**
   * Records, after the fact, a call that failed without a span of its own (for example one refused before any
   * attempt reached the wire): a client span under {@code parent} that ended now and lasted {@code durationMicros},
   * timed on the trace's own clock so it never starts before its parent. No header is written.
   */
  public void handleFailure(HttpClientRequest request, TraceContext parent, HttpClientResponse outcome,
      long durationMicros) {
    Span span = INTERNAL.confine(tracer.nextSpan(parent)).kind(SpanKind.CLIENT);
    if (span.isNoop()) return;
    try {
      spans.onRequest(request, span);
      recordOutcome(outcome, span);
    } finally {
      span.finishWithDuration(durationMicros);
    }
  }

  private void orphanCall(HttpClientRequest request) {
    try {
      orphanCalls.onUnparented(request, request.method(), Urls.authority(request.url()));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Could not read the request of an orphan call", e);
    }
  }

  private void recordOutcome(HttpClientResponse response, Span span) {
    if (response == null) return;
    String remoteIp = response.remoteIp();
    if (remoteIp != null) span.remoteIpAndPort(remoteIp, response.remotePort());
    spans.onResponse(response, span, ERROR_STATUS);
  }
}
