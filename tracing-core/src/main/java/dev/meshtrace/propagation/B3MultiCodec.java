package dev.meshtrace.propagation;

import dev.meshtrace.TraceContext;
import dev.meshtrace.internal.HeaderValues;
import dev.meshtrace.internal.Hex;

/** The {@code X-B3-*} header group. */
final class B3MultiCodec {
  static final String TRACE_ID = "x-b3-traceid";
  static final String SPAN_ID = "x-b3-spanid";
  static final String PARENT_SPAN_ID = "x-b3-parentspanid";
  static final String SAMPLED = "x-b3-sampled";
  static final String FLAGS = "x-b3-flags";

  private B3MultiCodec() {}

  /**
   * Parses the group's values (each null when absent) into {@code out}; false when any present header is malformed
   * or the IDs are incomplete. A group with only a decision is valid. {@code flags} must be null or
   * {@linkplain #isDefinedFlags defined}.
   */
  static boolean parse(String traceId, String spanId, String parentId, String sampled, String flags,
      ParsedContext out) {
    if (sampled != null && !parseSampled(sampled, out)) return false;
    if ("1".equals(flags)) {
      out.debug = true;
      out.sampled = Boolean.TRUE;
    }
    if (traceId == null && spanId == null && parentId == null) return out.sampled != null;
    if (traceId == null || spanId == null) return false;
    int traceLength = traceId.length();
    if (traceLength != 16 && traceLength != 32) return false;
    if (!out.readTraceId(traceId, 0, traceLength == 32, true)) return false;
    out.spanId = spanId.length() == 16 ? Hex.parse(spanId, 0, 16, true) : 0;
    if (out.spanId == 0) return false;
    if (parentId != null) {
      out.parentId = parentId.length() == 16 ? Hex.parse(parentId, 0, 16, true) : 0;
      if (out.parentId == 0) return false;
    }
    return true;
  }

  /**
   * True for the values of {@code X-B3-Flags} the spec defines: {@code 1} (debug) and {@code 0}. Any other value
   * is ignored and never forwarded.
   */
  static boolean isDefinedFlags(String flags) {
    return flags.equals("1") || flags.equals("0");
  }

  private static boolean parseSampled(String value, ParsedContext out) {
    if (value.equals("1") || HeaderValues.equalsIgnoreAsciiCase(value, "true")) {
      out.sampled = Boolean.TRUE;
      return true;
    }
    if (value.equals("0") || HeaderValues.equalsIgnoreAsciiCase(value, "false")) {
      out.sampled = Boolean.FALSE;
      return true;
    }
    return false;
  }

  /**
   * Writes the group of a sampled context with IDs. A debug trace carries both {@code x-b3-flags: 1} and
   * {@code x-b3-sampled: 1}: Envoy never reads the flags header, so without the second it would not sample a
   * forced trace.
   */
  static <C> void inject(TraceContext context, C carrier, HeaderSetter<C> setter) {
    injectIds(context, carrier, setter);
    injectDecision(Boolean.TRUE, context.debug(), carrier, setter);
  }

  /** Writes the trace, span and (when there is one) parent span ID of a context with IDs. */
  static <C> void injectIds(TraceContext context, C carrier, HeaderSetter<C> setter) {
    setter.set(carrier, TRACE_ID, context.traceIdString());
    setter.set(carrier, SPAN_ID, context.spanIdString());
    String parentId = context.parentIdString();
    if (parentId != null) setter.set(carrier, PARENT_SPAN_ID, parentId);
  }

  /** Writes a decision, as {@link #inject} does for a debug trace; nothing when {@code sampled} is null. */
  static <C> void injectDecision(Boolean sampled, boolean debug, C carrier, HeaderSetter<C> setter) {
    if (sampled == null && !debug) return;
    setter.set(carrier, SAMPLED, debug || sampled ? "1" : "0");
    if (debug) setter.set(carrier, FLAGS, "1");
  }
}
