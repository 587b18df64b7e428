package dev.meshtrace.propagation;

import dev.meshtrace.internal.Hex;

/** The {@code X-B3-*} header group. */
final class B3MultiCodec {
  static final String TRACE_ID = "x-b3-traceid";
  static final String SPAN_ID = "x-b3-spanid";
  static final String PARENT_SPAN_ID = "x-b3-parentspanid";
  static final String SAMPLED = "x-b3-sampled";
  static final String FLAGS = "x-b3-flags";
  /** In the order they are written and forwarded. */
  static final String[] NAMES = {TRACE_ID, SPAN_ID, PARENT_SPAN_ID, SAMPLED, FLAGS};

  private B3MultiCodec() {}

  /**
   * Parses the group's values ({@code values[i]} is header {@code NAMES[i]}, null when absent) into {@code out};
   * false when any present header is malformed or the IDs are incomplete. A group with only a decision is valid.
   * {@code X-B3-Flags} defines only {@code 1} (debug) and {@code 0}: any other value is ignored and removed from
   * {@code values}, so it is never forwarded.
   */
  static boolean parse(String[] values, ParsedContext out) {
    String traceId = values[0];
    String spanId = values[1];
    String parentId = values[2];
    String sampled = values[3];
    String flags = values[4];
    if (sampled != null && !parseSampled(sampled, out)) return false;
    if ("1".equals(flags)) {
      out.debug = true;
      out.sampled = Boolean.TRUE;
    } else if (flags != null && !flags.equals("0")) {
      values[4] = null;
    }
    if (traceId == null && spanId == null && parentId == null) return out.sampled != null;
    if (traceId == null || spanId == null) return false;
    int traceLength = traceId.length();
    if (traceLength != 16 && traceLength != 32) return false;
    if (!Hex.isHex(traceId, 0, traceLength, true)) return false;
    out.wide = traceLength == 32;
    out.traceIdHigh = traceLength == 32 ? Hex.parse(traceId, 0, 16, true) : 0;
    out.traceId = Hex.parse(traceId, traceLength - 16, 16, true);
    if (out.traceIdHigh == 0 && out.traceId == 0) return false;
    out.spanId = spanId.length() == 16 ? Hex.parse(spanId, 0, 16, true) : 0;
    if (out.spanId == 0) return false;
    if (parentId != null) {
      out.parentId = parentId.length() == 16 ? Hex.parse(parentId, 0, 16, true) : 0;
      if (out.parentId == 0) return false;
    }
    return true;
  }

  private static boolean parseSampled(String value, ParsedContext out) {
    if (value.equals("1") || value.equalsIgnoreCase("true")) {
      out.sampled = Boolean.TRUE;
      return true;
    }
    if (value.equals("0") || value.equalsIgnoreCase("false")) {
      out.sampled = Boolean.FALSE;
      return true;
    }
    return false;
  }

  /**
   * Writes the group. A debug trace carries both {@code x-b3-flags: 1} and {@code x-b3-sampled: 1}: Envoy never
   * reads the flags header, so without the second it would not sample a forced trace.
   */
  static <C> void inject(long traceIdHigh, long traceId, boolean wide, long spanId, long parentId, Boolean sampled,
      boolean debug, C carrier, HeaderSetter<C> setter) {
    setter.set(carrier, TRACE_ID, Hex.traceIdToHex(traceIdHigh, traceId, wide));
    setter.set(carrier, SPAN_ID, Hex.toHex(spanId));
    if (parentId != 0) setter.set(carrier, PARENT_SPAN_ID, Hex.toHex(parentId));
    if (debug) {
      setter.set(carrier, SAMPLED, "1");
      setter.set(carrier, FLAGS, "1");
    } else if (sampled != null) {
      setter.set(carrier, SAMPLED, sampled ? "1" : "0");
    }
  }
}
