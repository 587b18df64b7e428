package dev.meshtrace.propagation;

import dev.meshtrace.MeshHeaders;
import dev.meshtrace.TraceContext;
import dev.meshtrace.internal.HeaderValues;
import dev.meshtrace.internal.Hex;
import dev.meshtrace.internal.InternalFactory;
import dev.meshtrace.internal.RequestIds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads trace context and mesh headers from inbound requests and writes them to outbound ones, following the rules
 * Envoy follows so the application's hops join the sidecars' trace.
 *
 * <p>Extraction reads every configured format; the first valid one in the extract order is the context. A
 * malformed group is dropped whole (never forwarded) and the others still count. The result always carries the
 * valid trace headers as received and the mesh headers to forward.
 *
 * <p>Injection re-encodes the formats that arrived plus the configured defaults, all with one set of IDs, when the
 * context is a span this process records. Otherwise (forward mode, unsampled or skipped requests) every header is
 * forwarded byte for byte as it arrived, and each configured format that did not arrive is added carrying the same
 * IDs and decision, so that a hop reading only that format agrees (a decision not to sample a new trace is sent as
 * a decision alone); an {@code X-B3-*} group that came without a decision gets {@code x-b3-sampled} when this
 * process decided. Nothing received is changed. Formats naming another trace than the context's are always
 * forwarded as they arrived. Immutable and thread-safe.
 */
public final class Propagation {
  private static final Logger LOG = Logger.getLogger(Propagation.class.getName());

  /** The headers Istio asks applications to forward that meshtrace carries without interpreting them. */
  public static final List<String> DEFAULT_FORWARD_HEADERS = List.of(
      "x-request-id", "x-ot-span-context", "x-cloud-trace-context", "grpc-trace-bin", "x-datadog-trace-id",
      "x-datadog-parent-id", "x-datadog-sampling-priority", "sw8", "baggage");
  /** Envoy's order: {@code b3}, then {@code X-B3-*}, then {@code traceparent}. */
  public static final List<Format> DEFAULT_EXTRACT = List.of(Format.B3, Format.B3_MULTI, Format.W3C);
  /** B3 multi-headers for Zipkin-configured sidecars, W3C for OpenTelemetry-configured ones. */
  public static final List<Format> DEFAULT_INJECT = List.of(Format.B3_MULTI, Format.W3C);
  /** At most this many forwarded fields travel with a context. */
  public static final int MAX_FORWARDED_FIELDS = 64;

  /** The trace headers of the formats every configuration knows, whether it reads and writes them or not. */
  private static final List<String> FORMAT_HEADERS = List.of(B3SingleCodec.NAME, B3MultiCodec.TRACE_ID,
      B3MultiCodec.SPAN_ID, B3MultiCodec.PARENT_SPAN_ID, B3MultiCodec.SAMPLED, B3MultiCodec.FLAGS,
      W3cCodec.TRACEPARENT, W3cCodec.TRACESTATE);
  /** List-valued headers whose repeated fields are combined in order rather than the first taken. */
  private static final List<String> LIST_VALUED = List.of("baggage");
  private static final TraceContext NOTHING = TraceContext.builder().remote(true).build();
  private static final InternalFactory FACTORY = InternalFactory.get();

  private final Format[] extract;
  private final int injectBits;
  private final List<String> traceHeaderNames;
  private final String[] forwardHeaders;
  private final InboundNames names;
  private final boolean generateRequestId;
  private final boolean packSamplingIntoRequestId;
  private final LongAdder mismatchedContexts = new LongAdder();

  private Propagation(Builder builder) {
    this.extract = builder.extract.toArray(new Format[0]);
    int bits = 0;
    for (Format format : builder.inject) bits |= format.bit();
    this.injectBits = bits;
    List<String> traceHeaders = new ArrayList<>(FORMAT_HEADERS);
    if (builder.extract.contains(Format.GRPC_TRACE_BIN) || builder.inject.contains(Format.GRPC_TRACE_BIN)) {
      traceHeaders.add(GrpcTraceBinCodec.NAME);
    }
    this.traceHeaderNames = List.copyOf(traceHeaders);
    // A header read as a format is a trace header, no longer forwarded as it came.
    Set<String> forwarded = new LinkedHashSet<>(builder.forwardHeaders);
    if (builder.extract.contains(Format.GRPC_TRACE_BIN)) forwarded.remove(GrpcTraceBinCodec.NAME);
    this.forwardHeaders = forwarded.toArray(new String[0]);
    this.names = new InboundNames(builder.extract, forwardHeaders, LIST_VALUED);
    this.generateRequestId = builder.generateRequestId && forwarded.contains(MeshHeaders.REQUEST_ID);
    this.packSamplingIntoRequestId = builder.packSamplingIntoRequestId;
  }

  /** The defaults: Envoy's extract order, B3 multi plus W3C injected, Istio's forward list, request IDs on. */
  public static Propagation defaults() {
    return newBuilder().build();
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** The formats read, in priority order. */
  public List<Format> extractFormats() {
    return List.of(extract);
  }

  /** The formats always written for recorded spans. */
  public List<Format> injectFormats() {
    List<Format> result = new ArrayList<>();
    for (Format format : Format.values()) if ((injectBits & format.bit()) != 0) result.add(format);
    return result;
  }

  /**
   * The names (lower case) of the trace headers this configuration owns: {@code b3}, the five {@code x-b3-*},
   * {@code traceparent} and {@code tracestate} whether configured or not (they can never be forwarded as mesh
   * headers), and {@code grpc-trace-bin} when that format is read or written. Like Brave's {@code keys()} and
   * OpenTelemetry's {@code fields()}: a carrier that may already hold some (a request the application prepared)
   * should have them removed before {@link #inject}, so that none left out of the injection contradicts it.
   */
  public List<String> traceHeaderNames() {
    return traceHeaderNames;
  }

  /** The names (lower case) of the mesh headers forwarded without interpretation. */
  public List<String> forwardHeaders() {
    return List.of(forwardHeaders);
  }

  /**
   * Whether an absent {@code x-request-id} is generated for inbound requests: when enabled and {@code x-request-id}
   * is forwarded.
   */
  public boolean generateRequestId() {
    return generateRequestId;
  }

  /** How many inbound requests carried B3 and W3C headers naming different traces. */
  public long mismatchedContexts() {
    return mismatchedContexts.sum();
  }

  /**
   * Reads the context and the headers to forward. Never throws and never returns null: without usable headers the
   * result has no IDs and no decision. Malformed values are logged at {@code FINE}.
   */
  public <C> TraceContext extract(C carrier, HeaderGetter<C> getter) {
    InboundHeaders inbound = InboundHeaders.read(names, carrier, getter);
    if (inbound.found() == 0) return NOTHING;
    int contextFormat = 0;
    int received = 0;
    int verbatim = 0;
    ParsedContext other = null;
    for (Format format : extract) {
      if (!inbound.hasAny(format)) continue;
      ParsedContext parsed;
      if (contextFormat == 0) {
        parsed = inbound; // the context: parsed in place
      } else {
        if (other == null) other = new ParsedContext();
        parsed = other; // only compared with the context
      }
      parsed.reset();
      if (!read(format, inbound, parsed)) continue;
      received |= format.bit();
      if (contextFormat == 0) {
        contextFormat = format.bit();
      } else if (inbound.hasIds() && other.hasIds() && !inbound.sameTrace(other)) {
        verbatim |= format.bit();
        mismatchedContexts.increment();
        LOG.log(Level.FINE, "{0} names another trace than the context in use; forwarding it unchanged", format);
      }
    }
    int traceFields = inbound.found() - inbound.forwardedFound();
    checkForwarded(inbound, traceFields);
    if (inbound.found() == 0 && contextFormat == 0) return NOTHING;
    MeshHeaders headers = inbound.found() == 0
        ? MeshHeaders.EMPTY
        : FACTORY.meshHeaders(fields(inbound), traceFields, received, verbatim & ~contextFormat);
    if (contextFormat == 0) return FACTORY.remoteContext(0, 0, false, 0, 0, null, false, headers);
    return FACTORY.remoteContext(inbound.traceIdHigh, inbound.traceId, inbound.wide, inbound.spanId,
        inbound.parentId, inbound.sampled, inbound.debug, headers);
  }

  /**
   * Parses one format's headers into {@code out}; false when they are absent or malformed, and then they are
   * cleared from {@code inbound}, so they are not forwarded either.
   */
  private static boolean read(Format format, InboundHeaders inbound, ParsedContext out) {
    switch (format) {
      case B3: {
        String value = inbound.get(InboundNames.B3);
        if (value == null) return false;
        if (B3SingleCodec.parse(value, out)) return true;
        logMalformed(B3SingleCodec.NAME, value);
        inbound.clear(InboundNames.B3);
        return false;
      }
      case B3_MULTI:
        return readB3Multi(inbound, out);
      case W3C: {
        String traceparent = inbound.get(InboundNames.TRACEPARENT);
        if (traceparent == null) {
          inbound.clear(InboundNames.TRACESTATE);
          return false;
        }
        if (!W3cCodec.parse(traceparent, out)) {
          logMalformed(W3cCodec.TRACEPARENT, traceparent);
          inbound.clear(InboundNames.TRACEPARENT, InboundNames.TRACESTATE);
          return false;
        }
        String state = inbound.get(InboundNames.TRACESTATE);
        if (state == null) return true;
        String limited = W3cCodec.limitTracestate(state);
        if (!HeaderValues.isForwardable(limited)) {
          logMalformed(W3cCodec.TRACESTATE, state);
          inbound.clear(InboundNames.TRACESTATE);
        } else if (limited != state) {
          inbound.replace(InboundNames.TRACESTATE, limited);
        }
        return true;
      }
      case GRPC_TRACE_BIN: {
        String value = inbound.get(InboundNames.GRPC_TRACE_BIN);
        if (value == null) return false;
        if (GrpcTraceBinCodec.parse(value, out)) return true;
        logMalformed(GrpcTraceBinCodec.NAME, value);
        inbound.clear(InboundNames.GRPC_TRACE_BIN);
        return false;
      }
      default:
        throw new AssertionError(format);
    }
  }

  /**
   * {@link #read} for the {@code X-B3-*} group. An {@code X-B3-Flags} value the spec does not define is ignored and
   * cleared, so it is not forwarded either.
   */
  private static boolean readB3Multi(InboundHeaders inbound, ParsedContext out) {
    String anyFlags = inbound.get(InboundNames.FLAGS);
    String flags = anyFlags == null || B3MultiCodec.isDefinedFlags(anyFlags) ? anyFlags : null;
    if (flags != anyFlags) inbound.clear(InboundNames.FLAGS);
    String traceId = inbound.get(InboundNames.TRACE_ID);
    String spanId = inbound.get(InboundNames.SPAN_ID);
    String parentId = inbound.get(InboundNames.PARENT_SPAN_ID);
    String sampled = inbound.get(InboundNames.SAMPLED);
    if (traceId == null && spanId == null && parentId == null && sampled == null && flags == null) {
      if (anyFlags != null) logMalformed(B3MultiCodec.FLAGS, anyFlags);
      return false;
    }
    if (B3MultiCodec.parse(traceId, spanId, parentId, sampled, flags, out)) return true;
    if (LOG.isLoggable(Level.FINE)) {
      logMalformed("X-B3-*", traceId + " / " + spanId + " / " + parentId + " / " + sampled + " / " + flags);
    }
    inbound.clear(InboundNames.TRACE_ID, InboundNames.FLAGS);
    return false;
  }

  /**
   * Clears the forwarded headers that cannot travel: values that could corrupt an outbound header, and those
   * beyond {@link #MAX_FORWARDED_FIELDS} fields.
   */
  private void checkForwarded(InboundHeaders inbound, int traceFields) {
    int fields = traceFields;
    // An absent x-request-id is generated later: keep it a place within the limit.
    boolean reserveRequestId = generateRequestId;
    for (int slot = InboundNames.FIRST_FORWARDED, n = names.size(); slot < n; slot++) {
      String value = inbound.get(slot);
      if (value == null) continue;
      String name = names.name(slot);
      boolean requestId = name.equals(MeshHeaders.REQUEST_ID);
      int room = reserveRequestId && !requestId ? MAX_FORWARDED_FIELDS - 1 : MAX_FORWARDED_FIELDS;
      if (fields >= room) {
        LOG.log(Level.FINE, "More than {0} headers to forward; dropping {1}",
            new Object[] {MAX_FORWARDED_FIELDS, name});
        inbound.clear(slot);
      } else if (!HeaderValues.isForwardable(value)) {
        logMalformed(name, value);
        inbound.clear(slot);
      } else {
        fields++;
        if (requestId) reserveRequestId = false;
      }
    }
  }

  /** The fields left in {@code inbound}, names at even indexes, in {@link InboundNames#fieldOrder()}. */
  private String[] fields(InboundHeaders inbound) {
    String[] fields = new String[inbound.found() << 1];
    int i = 0;
    for (int slot : names.fieldOrder()) {
      String value = inbound.get(slot);
      if (value == null) continue;
      fields[i++] = names.name(slot);
      fields[i++] = value;
    }
    return fields;
  }

  private static void logMalformed(String header, String value) {
    if (LOG.isLoggable(Level.FINE)) {
      String shown = value.length() > 128 ? value.substring(0, 128) + "..." : value;
      LOG.log(Level.FINE, "Ignoring malformed {0} header: {1}", new Object[] {header, shown.replaceAll("\\p{Cntrl}", "?")});
    }
  }

  /**
   * Writes {@code context} to an outbound request. Headers written replace any of the same name already set.
   * Never throws for any context.
   */
  public <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    MeshHeaders headers = context.meshHeaders();
    int size = headers.size();
    if (context.hasIds() && !context.isRemote() && context.isSampled()) {
      int verbatim = headers.verbatimFormats();
      int formats = (headers.formatsReceived() | injectBits) & ~verbatim;
      injectRecorded(context, formats, carrier, setter);
      if (verbatim != 0 || (formats & Format.W3C.bit()) != 0) {
        for (int i = 0, n = headers.traceFields(); i < n; i++) {
          int bit = headers.formatBit(i);
          boolean tracestate = bit == Format.W3C.bit() && (formats & bit) != 0
              && headers.name(i).equals(W3cCodec.TRACESTATE);
          if ((verbatim & bit) != 0 || tracestate) setter.set(carrier, headers.name(i), headers.value(i));
        }
      }
      for (int i = headers.traceFields(); i < size; i++) setter.set(carrier, headers.name(i), headers.value(i));
      return;
    }
    for (int i = 0; i < size; i++) setter.set(carrier, headers.name(i), headers.value(i));
    int received = headers.formatsReceived();
    int missing = injectBits & ~received;
    if (missing != 0 && (context.hasIds() || context.sampled() != null)) {
      injectUnrecorded(context, missing, carrier, setter);
    }
    // A decision made here for IDs that came without one: the X-B3-* group can take it as a header of its own.
    int sameTraceB3Multi = received & ~headers.verbatimFormats() & Format.B3_MULTI.bit();
    if (sameTraceB3Multi != 0 && context.sampled() != null && !hasB3MultiDecision(headers)) {
      B3MultiCodec.injectDecision(context.sampled(), context.debug(), carrier, setter);
    }
  }

  private static boolean hasB3MultiDecision(MeshHeaders headers) {
    for (int i = 0, n = headers.traceFields(); i < n; i++) {
      String name = headers.name(i);
      if (name.equals(B3MultiCodec.SAMPLED) || name.equals(B3MultiCodec.FLAGS)) return true;
    }
    return false;
  }

  /**
   * Adds the configured formats that did not arrive to a context this process does not record, each carrying the
   * same IDs and decision as the headers forwarded: the caller's span ID, no span of ours. A format that cannot
   * express the context is left out: {@code traceparent} needs IDs and a decision (its flags 00 would turn "not
   * decided" into "not sampled").
   */
  private static <C> void injectUnrecorded(TraceContext context, int formats, C carrier, HeaderSetter<C> setter) {
    Boolean sampled = context.sampled();
    boolean debug = context.debug();
    if ((formats & Format.B3_MULTI.bit()) != 0) {
      if (context.hasIds()) B3MultiCodec.injectIds(context, carrier, setter);
      B3MultiCodec.injectDecision(sampled, debug, carrier, setter);
    }
    if ((formats & Format.B3.bit()) != 0) {
      if (context.hasIds()) {
        setEncoded(carrier, setter, B3SingleCodec.NAME, B3SingleCodec.encode(context.traceIdHigh(),
            context.traceId(), context.wideTraceId(), context.spanId(), context.parentId(), sampled, debug));
      } else {
        setter.set(carrier, B3SingleCodec.NAME, B3SingleCodec.encodeDecision(sampled, debug));
      }
    }
    if ((formats & Format.W3C.bit()) != 0 && context.hasIds() && sampled != null) {
      setEncoded(carrier, setter, W3cCodec.TRACEPARENT,
          W3cCodec.encode(context.traceIdHigh(), context.traceId(), context.spanId(), sampled));
    }
    if ((formats & Format.GRPC_TRACE_BIN.bit()) != 0 && context.hasIds() && sampled != null) {
      setter.set(carrier, GrpcTraceBinCodec.NAME,
          GrpcTraceBinCodec.encode(context.traceIdHigh(), context.traceId(), context.spanId(), sampled));
    }
  }

  private static <C> void injectRecorded(TraceContext context, int formats, C carrier, HeaderSetter<C> setter) {
    long high = context.traceIdHigh();
    long low = context.traceId();
    if ((formats & Format.B3_MULTI.bit()) != 0) {
      B3MultiCodec.inject(context, carrier, setter);
    }
    if ((formats & Format.B3.bit()) != 0) {
      setEncoded(carrier, setter, B3SingleCodec.NAME, B3SingleCodec.encode(high, low, context.wideTraceId(),
          context.spanId(), context.parentId(), Boolean.TRUE, context.debug()));
    }
    if ((formats & Format.W3C.bit()) != 0) {
      setEncoded(carrier, setter, W3cCodec.TRACEPARENT, W3cCodec.encode(high, low, context.spanId(), true));
    }
    if ((formats & Format.GRPC_TRACE_BIN.bit()) != 0) {
      setter.set(carrier, GrpcTraceBinCodec.NAME, GrpcTraceBinCodec.encode(high, low, context.spanId(), true));
    }
  }

  /** Writes a value encoded here as US-ASCII: as those bytes to a setter that takes them, else as a string. */
  @SuppressWarnings("unchecked")
  private static <C> void setEncoded(C carrier, HeaderSetter<C> setter, String name, byte[] ascii) {
    if (setter instanceof AsciiHeaderSetter) {
      ((AsciiHeaderSetter<C>) setter).setAscii(carrier, name, ascii);
    } else {
      setter.set(carrier, name, Hex.ascii(ascii));
    }
  }

  /**
   * A new {@code x-request-id} (a random UUID v4). With packing enabled, its 15th character carries the decision
   * as Envoy writes it: {@code 9} sampled, {@code a} forced, {@code 4} not sampled.
   */
  public String newRequestId(boolean sampled, boolean debug) {
    if (!packSamplingIntoRequestId) return RequestIds.randomUuid('4');
    return RequestIds.randomUuid(debug ? 'a' : sampled ? '9' : '4');
  }

  /** Configures a {@link Propagation}. */
  public static final class Builder {
    private List<Format> extract = DEFAULT_EXTRACT;
    private List<Format> inject = DEFAULT_INJECT;
    private final Set<String> forwardHeaders = new LinkedHashSet<>(DEFAULT_FORWARD_HEADERS);
    private boolean generateRequestId = true;
    private boolean packSamplingIntoRequestId;

    Builder() {}

    /** The formats to read, first valid wins. Default {@code b3}, {@code b3multi}, {@code w3c}. */
    public Builder extract(List<Format> formats) {
      this.extract = List.copyOf(new LinkedHashSet<>(formats));
      return this;
    }

    /** The formats written for every recorded span, besides those that arrived. Default {@code b3multi}, {@code w3c}. */
    public Builder inject(List<Format> formats) {
      this.inject = List.copyOf(new LinkedHashSet<>(formats));
      return this;
    }

    /** Forwards header {@code name} too (for example {@code x-tenant-id}). */
    public Builder addForwardHeader(String name) {
      forwardHeaders.add(headerName(name));
      return this;
    }

    /** Stops forwarding header {@code name}. */
    public Builder removeForwardHeader(String name) {
      forwardHeaders.remove(headerName(name));
      return this;
    }

    /**
     * Generates {@code x-request-id} for inbound requests without one. Default true; has no effect once
     * {@code x-request-id} is removed from the forwarded headers.
     */
    public Builder generateRequestId(boolean generate) {
      this.generateRequestId = generate;
      return this;
    }

    /** Packs the sampling decision into generated request IDs the way Envoy does. Default false. */
    public Builder packSamplingIntoRequestId(boolean pack) {
      this.packSamplingIntoRequestId = pack;
      return this;
    }

    public Propagation build() {
      return new Propagation(this);
    }

    private static String headerName(String name) {
      String normalized = HeaderValues.normalizeName(name, "to forward");
      if (isTraceHeader(normalized)) {
        throw new IllegalArgumentException("'" + name + "' is a trace header: choose formats instead");
      }
      return normalized;
    }

    private static boolean isTraceHeader(String name) {
      return FORMAT_HEADERS.contains(name) || name.startsWith("x-b3-");
    }

  }
}
