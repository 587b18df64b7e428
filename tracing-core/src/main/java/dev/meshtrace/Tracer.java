package dev.meshtrace;

import dev.meshtrace.internal.Ids;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;

/**
 * Creates spans and manages which one is current. Obtained from {@link Tracing#tracer()}; thread-safe.
 *
 * <p>Spans come back unstarted: call {@link Span#start()}. In {@link Mode#FORWARD} mode, and for traces that are
 * not sampled, every method returns a no-op span whose context still carries the headers to forward.
 */
public final class Tracer {
  private final Mode mode;
  private final Sampler sampler;
  private final Propagation propagation;
  private final CurrentTraceContext currentTraceContext;
  private final SpanRecorder recorder;
  private final Clock clock;
  private final boolean traceId128;
  private final boolean joinServerSpans;

  Tracer(Mode mode, Sampler sampler, Propagation propagation, CurrentTraceContext currentTraceContext,
      SpanRecorder recorder, Clock clock, boolean traceId128, boolean joinServerSpans) {
    this.mode = mode;
    this.sampler = sampler;
    this.propagation = propagation;
    this.currentTraceContext = currentTraceContext;
    this.recorder = recorder;
    this.clock = clock;
    this.traceId128 = traceId128;
    this.joinServerSpans = joinServerSpans;
  }

  /** A root span of a new trace, sampled by the configured sampler. */
  public Span newTrace() {
    return nextSpan(null, sampler, false);
  }

  /** The next span under the current context, or a new trace when none is current. */
  public Span nextSpan() {
    return nextSpan(currentTraceContext.get(), sampler, false);
  }

  /**
   * A child of {@code parent}: a local span, or a context extracted from a message or request. A decision that
   * came with {@code parent} is kept; without one the configured sampler decides. Null starts a new trace.
   */
  public Span nextSpan(TraceContext parent) {
    return nextSpan(parent, sampler, false);
  }

  /** Like {@link #nextSpan(TraceContext)}, with {@code sampler} deciding when {@code parent} carries no decision. */
  public Span nextSpan(TraceContext parent, Sampler sampler) {
    return nextSpan(parent, sampler, false);
  }

  /**
   * The span of an inbound request, from its extracted context: the caller's child, or a span that joins the
   * caller's span ID when configured. {@code sampler} decides when no decision arrived. When the request has no
   * {@code x-request-id} and generation is enabled, the span's context gets a new one.
   */
  public Span serverSpan(TraceContext extracted, Sampler sampler) {
    return nextSpan(extracted, sampler, true).kind(SpanKind.SERVER);
  }

  private Span nextSpan(TraceContext parent, Sampler sampler, boolean server) {
    if (mode == Mode.FORWARD) return new NoopSpan(forwardOnly(parent, server));
    MeshHeaders headers = parent == null ? MeshHeaders.EMPTY : parent.meshHeaders();
    Boolean decision = parent == null ? null : parent.sampled();
    boolean debug = parent != null && parent.debug();
    boolean continuesTrace = parent != null && parent.hasIds();
    long traceId = continuesTrace ? parent.traceId() : Ids.nextId();
    if (decision == null) decision = sampler.isSampled(traceId);
    if (server) headers = withRequestId(headers, decision, debug);
    if (!decision) {
      TraceContext context = parent == null
          ? new TraceContext(0, 0, 0, 0, TraceContext.SAMPLED_SET, headers, null)
          : parent.withSampled(false).withMeshHeaders(headers);
      return new NoopSpan(context);
    }
    long traceIdHigh;
    int flags = TraceContext.SAMPLED_SET | TraceContext.SAMPLED | (debug ? TraceContext.DEBUG : 0);
    if (continuesTrace) {
      traceIdHigh = parent.traceIdHigh();
      if (parent.wideTraceId()) flags |= TraceContext.WIDE_TRACE_ID;
    } else {
      traceIdHigh = traceId128 ? Ids.nextId() : 0;
      if (traceId128) flags |= TraceContext.WIDE_TRACE_ID;
    }
    long spanId;
    long parentId;
    if (server && joinServerSpans && continuesTrace && parent.isRemote()) {
      spanId = parent.spanId();
      parentId = parent.parentId();
      flags |= TraceContext.SHARED;
    } else {
      spanId = Ids.nextId();
      parentId = continuesTrace ? parent.spanId() : 0;
    }
    TraceClock traceClock = parent != null && parent.pending != null ? parent.pending.clock : new TraceClock(clock);
    MutableSpan data = recorder.newSpanData();
    TraceContext context =
        new TraceContext(traceIdHigh, traceId, spanId, parentId, flags, headers, new PendingSpan(data, traceClock));
    if (continuesTrace && parent.pending != null) context.pending.reuseHexOf(parent.pending);
    data.ids(context);
    return new RealSpan(context, recorder);
  }

  /**
   * The context of a span in forward mode: the parent's IDs and headers as they arrived. A decision that no trace
   * header carried was made in this process (a skipped path, say); it is dropped, since forward mode adds no
   * header of its own.
   */
  private TraceContext forwardOnly(TraceContext parent, boolean server) {
    if (parent == null) parent = new TraceContext(0, 0, 0, 0, TraceContext.REMOTE, MeshHeaders.EMPTY, null);
    MeshHeaders headers = parent.meshHeaders();
    if (server) headers = withRequestId(headers, parent.isSampled(), parent.debug());
    int flags = parent.flags() | TraceContext.REMOTE;
    if (headers.formatsReceived() == 0) {
      flags &= ~(TraceContext.SAMPLED_SET | TraceContext.SAMPLED | TraceContext.DEBUG);
    }
    return new TraceContext(parent.traceIdHigh(), parent.traceId(), parent.spanId(), parent.parentId(), flags,
        headers, null);
  }

  private MeshHeaders withRequestId(MeshHeaders headers, boolean sampled, boolean debug) {
    if (!propagation.generateRequestId() || headers.requestId() != null) return headers;
    return headers.withRequestId(propagation.newRequestId(sampled, debug));
  }

  /**
   * A span view of {@code context}: the recording span when this process records it and it is still open, else a
   * no-op span carrying the context.
   */
  public Span toSpan(TraceContext context) {
    if (context.pending != null && !context.pending.isDone()) return new RealSpan(context, recorder);
    return new NoopSpan(context);
  }

  /** The current span, or null when no context is current. */
  public Span currentSpan() {
    TraceContext context = currentTraceContext.get();
    return context == null ? null : toSpan(context);
  }

  /** The current context, or null. */
  public TraceContext currentContext() {
    return currentTraceContext.get();
  }

  /** The request ID ({@code x-request-id}) of the current context, or null: for logs and error pages. */
  public String currentRequestId() {
    TraceContext context = currentTraceContext.get();
    return context == null ? null : context.requestId();
  }

  /** Makes {@code span} current (null clears) until the returned scope closes. */
  public Scope withSpanInScope(Span span) {
    return currentTraceContext.newScope(span == null ? null : span.context());
  }
}
