package dev.meshtrace.rpc;

import dev.meshtrace.Mode;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.http.PathRule;
import dev.meshtrace.internal.EdgePolicy;
import dev.meshtrace.internal.InternalFactory;
import dev.meshtrace.internal.OrphanCallDetector;
import dev.meshtrace.propagation.HeaderGetter;
import dev.meshtrace.propagation.Propagation;

/**
 * Turns inbound calls into server spans, for every RPC server adapter: extraction from the call's metadata, rules,
 * sampling, edge trust, naming, tagging and timing live here once. Thread-safe.
 *
 * <p>Error rule: a server span is an error when its status is one of {@link RpcTracing#serverErrorStatuses()}
 * (by default those of a server failing: {@code UNKNOWN}, {@code DEADLINE_EXCEEDED}, {@code UNIMPLEMENTED},
 * {@code INTERNAL}, {@code UNAVAILABLE}, {@code DATA_LOSS}), or when it ended with an exception and no status.
 */
public final class RpcServerHandler {
  /** Confines the spans this class makes while it tags them ({@link InternalFactory#confine}). */
  private static final InternalFactory INTERNAL = InternalFactory.get();
  private static final HeaderGetter<RpcServerRequest> GETTER = new HeaderGetter<>() {
    @Override
    public String get(RpcServerRequest request, String name) {
      return request.header(name);
    }

    @Override
    public String getAll(RpcServerRequest request, String name) {
      return request.headerValues(name);
    }
  };

  private final RpcTracing rpcTracing;
  private final Tracing tracing;
  private final Tracer tracer;
  private final Propagation propagation;
  /** Null when orphan-call detection is off. */
  private final OrphanCallDetector orphanCalls;
  private final RpcSpans spans;

  private RpcServerHandler(RpcTracing rpcTracing) {
    this.rpcTracing = rpcTracing;
    this.tracing = rpcTracing.tracing();
    this.tracer = tracing.tracer();
    this.propagation = tracing.propagation();
    this.orphanCalls = InternalFactory.get().orphanCallDetector(tracing);
    this.spans = new RpcSpans(rpcTracing);
  }

  /** A handler applying {@code rpcTracing}'s settings; build it once and share it. */
  public static RpcServerHandler create(RpcTracing rpcTracing) {
    return new RpcServerHandler(rpcTracing);
  }

  /**
   * The span of an inbound call, started; a no-op span (still carrying the metadata to forward) when the call is
   * skipped by a rule, unsampled or in forward mode. The caller makes it current while the call runs and ends it
   * with {@link #handleSend}. Never throws for any metadata content.
   *
   * <p>A skipped call records nothing and its inbound headers are forwarded byte for byte; in record mode it counts
   * as not sampled, as a skipped HTTP request does.
   */
  public Span handleReceive(RpcServerRequest request) {
    if (orphanCalls != null) orphanCalls.inbound();
    TraceContext extracted = propagation.extract(request, GETTER);
    EdgePolicy edgePolicy = rpcTracing.edgePolicy();
    if (edgePolicy != null) extracted = edgePolicy.apply(extracted);
    PathRule rule = rpcTracing.ruleFor(request);
    if (rule != null && rule.isSkip()) {
      return tracer.toSpan(tracing.mode() == Mode.RECORD ? extracted.withSampled(false) : extracted);
    }
    Span span = INTERNAL.confine(tracer.serverSpan(extracted, rule != null ? rule.sampler() : tracing.sampler()));
    if (span.isNoop()) return span;
    String requestId = span.context().requestId();
    if (requestId != null) span.tag(RpcTags.REQUEST_ID, requestId);
    String remoteIp = request.remoteIp();
    if (remoteIp != null) span.remoteIpAndPort(remoteIp, request.remotePort());
    spans.onRequest(request, span);
    return span.start();
  }

  /** Records the outcome (status, error or both) and finishes {@code span}. Does nothing for a no-op span. */
  public void handleSend(RpcResponse response, Span span) {
    if (span.isNoop()) return;
    try {
      if (response != null) spans.onResponse(response, span, rpcTracing.serverErrorStatuses());
    } finally {
      span.finish();
    }
  }
}
