package dev.meshtrace;

import dev.meshtrace.internal.Hex;
import dev.meshtrace.internal.InternalFactory;
import dev.meshtrace.internal.OrphanCallDetector;

/**
 * Where a span sits in a trace, and what travels with it to the next hop. Immutable.
 *
 * <p>A context usually has IDs: a 128-bit trace ID (a 64-bit one from an older peer keeps its width), a span ID and
 * the parent's span ID. It may have none: a context extracted from a request that carried only a sampling decision
 * or only mesh headers, or the context of a request that is not sampled, which never gets IDs of its own because
 * they would never be reported. Either way it carries the sampling state and the {@link MeshHeaders} to forward.
 */
public final class TraceContext {
  static final int SAMPLED_SET = 1;
  static final int SAMPLED = 1 << 1;
  static final int DEBUG = 1 << 2;
  static final int WIDE_TRACE_ID = 1 << 3;
  static final int REMOTE = 1 << 4;
  static final int SHARED = 1 << 5;

  private final long traceIdHigh;
  private final long traceId;
  private final long spanId;
  private final long parentId;
  private final int flags;
  private final MeshHeaders meshHeaders;
  /** The recording state of the span this context names, when this process records it; else null. */
  final PendingSpan pending;

  static {
    InternalFactory.install(new InternalFactory() {
      @Override
      public MeshHeaders meshHeaders(String[] fields, int traceFields, int formatsReceived, int verbatimFormats) {
        return new MeshHeaders(fields, traceFields, formatsReceived, verbatimFormats);
      }

      @Override
      public Span confine(Span span) {
        PendingSpan pending = recording(span);
        if (pending != null) pending.confined = true;
        return span;
      }

      @Override
      public void release(Span span) {
        PendingSpan pending = recording(span);
        if (pending != null && pending.confined) pending.confined = false;
      }

      /** The recording state of a real span; null for a no-op one. */
      private PendingSpan recording(Span span) {
        return span.isNoop() ? null : span.context().pending;
      }

      @Override
      public OrphanCallDetector orphanCallDetector(Tracing tracing) {
        return tracing.orphanCallDetector;
      }

      @Override
      public TraceContext remoteContext(long traceIdHigh, long traceId, boolean wideTraceId, long spanId,
          long parentId, Boolean sampled, boolean debug, MeshHeaders meshHeaders) {
        int flags = REMOTE;
        if (sampled != null) flags |= sampled ? SAMPLED_SET | SAMPLED : SAMPLED_SET;
        if (debug) flags |= DEBUG | SAMPLED_SET | SAMPLED;
        if (wideTraceId) flags |= WIDE_TRACE_ID;
        return new TraceContext(traceIdHigh, traceId, spanId, parentId, flags, meshHeaders, null);
      }
    });
  }

  TraceContext(long traceIdHigh, long traceId, long spanId, long parentId, int flags, MeshHeaders meshHeaders,
      PendingSpan pending) {
    this.traceIdHigh = traceIdHigh;
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentId = parentId;
    this.flags = flags;
    this.meshHeaders = meshHeaders;
    this.pending = pending;
  }

  /** A builder, for codecs and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** The upper 64 bits of the trace ID; 0 for a 64-bit trace ID. */
  public long traceIdHigh() {
    return traceIdHigh;
  }

  /** The lower 64 bits of the trace ID (0 when this context has no IDs; may be 0 in a 128-bit ID). */
  public long traceId() {
    return traceId;
  }

  /** This span's ID; 0 when this context has no IDs. */
  public long spanId() {
    return spanId;
  }

  /** The parent span's ID, or 0 for a root span. */
  public long parentId() {
    return parentId;
  }

  /** True when this context names a span: it has a trace ID and a span ID. */
  public boolean hasIds() {
    return (traceIdHigh | traceId) != 0;
  }

  /** True when the trace ID is written as 32 hex characters even if its upper half is zero. */
  public boolean wideTraceId() {
    return (flags & WIDE_TRACE_ID) != 0;
  }

  /** The sampling decision: true, false, or null while not yet decided. */
  public Boolean sampled() {
    if ((flags & SAMPLED_SET) == 0) return null;
    return (flags & SAMPLED) != 0;
  }

  /** True only when the decision is made and is to sample. */
  public boolean isSampled() {
    return (flags & (SAMPLED_SET | SAMPLED)) == (SAMPLED_SET | SAMPLED);
  }

  /** True when the trace is forced (B3 debug flag); implies sampled. */
  public boolean debug() {
    return (flags & DEBUG) != 0;
  }

  /** True when this context came from inbound headers rather than from this process. */
  public boolean isRemote() {
    return (flags & REMOTE) != 0;
  }

  /** True when this span's ID was chosen by the caller (a server span that joined the caller's span). */
  public boolean shared() {
    return (flags & SHARED) != 0;
  }

  /** The headers that travel with this context. Never null. */
  public MeshHeaders meshHeaders() {
    return meshHeaders;
  }

  /** The request ID ({@code x-request-id}) travelling with this context, or null. */
  public String requestId() {
    return meshHeaders.requestId();
  }

  /**
   * The trace ID as lower-case hex (16 or 32 characters), or null without IDs. A span this process records makes
   * each hex string once and keeps it for every outbound call and log line under it.
   */
  public String traceIdString() {
    if (!hasIds()) return null;
    PendingSpan recording = pending;
    if (recording == null) return Hex.traceIdToHex(traceIdHigh, traceId, wideTraceId());
    String hex = recording.traceIdHex;
    if (hex == null) recording.traceIdHex = hex = Hex.traceIdToHex(traceIdHigh, traceId, wideTraceId());
    return hex;
  }

  /** The span ID as 16 lower-case hex characters, or null without IDs. */
  public String spanIdString() {
    if (!hasIds()) return null;
    PendingSpan recording = pending;
    if (recording == null) return Hex.toHex(spanId);
    String hex = recording.spanIdHex;
    if (hex == null) recording.spanIdHex = hex = Hex.toHex(spanId);
    return hex;
  }

  /** The parent span ID as 16 lower-case hex characters, or null for a root span. */
  public String parentIdString() {
    if (parentId == 0) return null;
    PendingSpan recording = pending;
    if (recording == null) return Hex.toHex(parentId);
    String hex = recording.parentIdHex;
    if (hex == null) recording.parentIdHex = hex = Hex.toHex(parentId);
    return hex;
  }

  /** A builder holding this context's IDs, flags and headers (not its recording state). */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.traceIdHigh = traceIdHigh;
    builder.traceId = traceId;
    builder.spanId = spanId;
    builder.parentId = parentId;
    builder.flags = flags;
    builder.meshHeaders = meshHeaders;
    return builder;
  }

  /** A copy with the sampling decision set. */
  public TraceContext withSampled(boolean sampled) {
    int newFlags = (flags | SAMPLED_SET) & ~SAMPLED;
    if (sampled) newFlags |= SAMPLED;
    if (newFlags == flags) return this;
    return new TraceContext(traceIdHigh, traceId, spanId, parentId, newFlags, meshHeaders, pending);
  }

  /** A copy carrying other headers. */
  public TraceContext withMeshHeaders(MeshHeaders headers) {
    if (headers == meshHeaders) return this;
    return new TraceContext(traceIdHigh, traceId, spanId, parentId, flags, headers, pending);
  }

  int flags() {
    return flags;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    if (!(o instanceof TraceContext)) return false;
    TraceContext that = (TraceContext) o;
    return traceIdHigh == that.traceIdHigh && traceId == that.traceId && spanId == that.spanId
        && parentId == that.parentId && flags == that.flags && meshHeaders.equals(that.meshHeaders);
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(traceIdHigh);
    h = 31 * h + Long.hashCode(traceId);
    h = 31 * h + Long.hashCode(spanId);
    return 31 * h + flags;
  }

  @Override
  public String toString() {
    if (!hasIds()) return "TraceContext{sampled=" + sampled() + ", " + meshHeaders + "}";
    return traceIdString() + "/" + spanIdString()
        + (parentId != 0 ? " parent " + parentIdString() : "") + " sampled=" + sampled()
        + (debug() ? " debug" : "");
  }

  /** Builds a context. IDs default to 0 (no IDs). */
  public static final class Builder {
    private long traceIdHigh;
    private long traceId;
    private long spanId;
    private long parentId;
    private int flags;
    private MeshHeaders meshHeaders = MeshHeaders.EMPTY;

    Builder() {}

    /** Sets the trace ID's halves; {@code high} is 0 for a 64-bit ID. */
    public Builder traceId(long high, long low) {
      traceIdHigh = high;
      traceId = low;
      return this;
    }

    /** Sets this span's ID. */
    public Builder spanId(long spanId) {
      this.spanId = spanId;
      return this;
    }

    /** Sets the parent's span ID (0 for none). */
    public Builder parentId(long parentId) {
      this.parentId = parentId;
      return this;
    }

    /** Sets the sampling decision; null leaves it undecided. */
    public Builder sampled(Boolean sampled) {
      flags &= ~(SAMPLED_SET | SAMPLED);
      if (sampled != null) flags |= sampled ? SAMPLED_SET | SAMPLED : SAMPLED_SET;
      return this;
    }

    /** Forces the trace; also marks it sampled. */
    public Builder debug(boolean debug) {
      flags = debug ? flags | DEBUG | SAMPLED_SET | SAMPLED : flags & ~DEBUG;
      return this;
    }

    /** Keeps the trace ID 32 hex characters wide even when its upper half is zero. */
    public Builder wideTraceId(boolean wide) {
      flags = wide ? flags | WIDE_TRACE_ID : flags & ~WIDE_TRACE_ID;
      return this;
    }

    /** Marks the context as extracted from inbound headers. */
    public Builder remote(boolean remote) {
      flags = remote ? flags | REMOTE : flags & ~REMOTE;
      return this;
    }

    /** Marks the span ID as chosen by the caller. */
    public Builder shared(boolean shared) {
      flags = shared ? flags | SHARED : flags & ~SHARED;
      return this;
    }

    /** Sets the headers that travel with the context. */
    public Builder meshHeaders(MeshHeaders meshHeaders) {
      this.meshHeaders = meshHeaders == null ? MeshHeaders.EMPTY : meshHeaders;
      return this;
    }

    /** The context. A trace ID without a span ID (or the reverse) is rejected. */
    public TraceContext build() {
      if (((traceIdHigh | traceId) == 0) != (spanId == 0)) {
        throw new IllegalArgumentException("traceId and spanId must be both set or both absent");
      }
      return new TraceContext(traceIdHigh, traceId, spanId, parentId, flags, meshHeaders, null);
    }
  }
}
