package dev.meshtrace.rpc;

import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.internal.InternalFactory;
import dev.meshtrace.internal.OrphanCallDetector;
import dev.meshtrace.internal.StaleTraceHeaders;
import dev.meshtrace.propagation.HeaderSetter;
import dev.meshtrace.propagation.Propagation;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns outbound calls into client spans and writes the propagation and mesh headers into their metadata, for
 * every RPC client adapter. Thread-safe.
 *
 * <p>Error rule: a client span is an error for any status other than {@code OK}, or when the call failed without a
 * status: the caller did not get what it asked for.
 */
public final class RpcClientHandler {
  /** Confines the spans this class makes while it tags them ({@link InternalFactory#confine}). */
  private static final InternalFactory INTERNAL = InternalFactory.get();
  private static final Logger LOG = Logger.getLogger(RpcClientHandler.class.getName());

  /** Writes an entry; a value the framework refuses is left out, never thrown. */
  private static final HeaderSetter<RpcClientRequest> SETTER = (request, name, value) -> {
    try {
      request.header(name, value);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "The RPC client refused metadata {0}; it is not forwarded: {1}", new Object[] {name, e});
    }
  };

  private final Tracer tracer;
  private final Propagation propagation;
  private final RpcSpans spans;
  private final StaleTraceHeaders staleTraceHeaders;

  /** Null when orphan-call detection is off. */
  private final OrphanCallDetector orphanCalls;

  private RpcClientHandler(RpcTracing rpcTracing) {
    this.tracer = rpcTracing.tracing().tracer();
    this.propagation = rpcTracing.tracing().propagation();
    this.orphanCalls = InternalFactory.get().orphanCallDetector(rpcTracing.tracing());
    this.spans = new RpcSpans(rpcTracing);
    this.staleTraceHeaders = new StaleTraceHeaders(rpcTracing.tracing());
  }

  /** A handler applying {@code rpcTracing}'s settings; build it once and share it. */
  public static RpcClientHandler create(RpcTracing rpcTracing) {
    return new RpcClientHandler(rpcTracing);
  }

  /**
   * Starts a client span under {@code parent} (captured when the call was made; null starts a new trace) and
   * writes its headers into {@code request}'s metadata, replacing any of the same name and removing the other trace
   * headers the application set. Unsampled and forward-mode
   * calls get the headers and record nothing. A call with no parent while this process serves traced requests is
   * an orphan call (see {@link dev.meshtrace.diagnostics.Diagnostics}).
   */
  public Span handleSend(RpcClientRequest request, TraceContext parent) {
    if (parent == null && orphanCalls != null) orphanCall(request);
    Span span = INTERNAL.confine(tracer.nextSpan(parent)).kind(SpanKind.CLIENT);
    staleTraceHeaders.removeFrom(request, RpcClientRequest::removeHeader);
    propagation.inject(span.context(), request, SETTER);
    if (span.isNoop()) return span;
    spans.onRequest(request, span);
    return span.start();
  }

  private void orphanCall(RpcClientRequest request) {
    try {
      orphanCalls.onUnparented(request, request.fullMethodName(), request.host());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Could not read the call of an orphan call", e);
    }
  }

  /** Records the outcome (status, error or both) and finishes {@code span}. Does nothing for a no-op span. */
  public void handleReceive(RpcResponse response, Span span) {
    if (span.isNoop()) return;
    try {
      if (response != null) spans.onResponse(response, span, null);
    } finally {
      span.finish();
    }
  }
}
