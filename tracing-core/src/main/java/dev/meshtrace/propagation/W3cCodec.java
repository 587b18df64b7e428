package dev.meshtrace.propagation;

import dev.meshtrace.internal.HeaderValues;
import dev.meshtrace.internal.Hex;

/** W3C trace context: {@code traceparent} and the list-valued {@code tracestate}. */
final class W3cCodec {
  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";
  /** The spec's limit on {@code tracestate} list members. */
  static final int MAX_TRACESTATE_MEMBERS = 32;
  private static final int VERSION_00_LENGTH = 55;

  private W3cCodec() {}

  /**
   * Parses {@code traceparent}. Version {@code 00} must be exactly 55 characters; a higher version is read by its
   * first four fields and may continue after a {@code -} (with no control character); version {@code ff},
   * upper-case hex and all-zero IDs are invalid.
   */
  static boolean parse(String value, ParsedContext out) {
    int length = value.length();
    if (length < VERSION_00_LENGTH) return false;
    if (!Hex.isHex(value, 0, 2, false)) return false;
    int version = (int) Hex.parse(value, 0, 2, false);
    if (version == 0xff) return false;
    if (version == 0 && length != VERSION_00_LENGTH) return false;
    if (length > VERSION_00_LENGTH && value.charAt(VERSION_00_LENGTH) != '-') return false;
    if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') return false;
    // What follows the 55 characters checked here must at least be safe to forward.
    if (length > VERSION_00_LENGTH && !HeaderValues.isForwardable(value)) return false;
    if (!Hex.isHex(value, 53, 2, false)) return false;
    long spanId = Hex.parse(value, 36, 16, false);
    if (spanId == 0 || !out.readTraceId(value, 3, true, false)) return false;
    out.spanId = spanId;
    out.sampled = (Hex.parse(value, 53, 2, false) & 1) == 1;
    return true;
  }

  /**
   * {@code tracestate} unchanged when it has at most 32 list members, else cut to the first 32 (blank members, which
   * the spec allows, are not counted).
   */
  static String limitTracestate(String tracestate) {
    int members = 0;
    int start = 0;
    for (int i = 0, n = tracestate.length(); i <= n; i++) {
      if (i < n && tracestate.charAt(i) != ',') continue;
      if (!isBlank(tracestate, start, i) && ++members > MAX_TRACESTATE_MEMBERS) {
        return tracestate.substring(0, start - 1);
      }
      start = i + 1;
    }
    return tracestate;
  }

  private static boolean isBlank(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(s.charAt(i))) return false;
    }
    return true;
  }

  /** Encodes {@code traceparent} version 00. A 64-bit trace ID is padded to 128 bits. */
  static byte[] encode(long traceIdHigh, long traceId, long spanId, boolean sampled) {
    byte[] out = new byte[VERSION_00_LENGTH];
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    Hex.write(traceIdHigh, out, 3);
    Hex.write(traceId, out, 19);
    out[35] = '-';
    Hex.write(spanId, out, 36);
    out[52] = '-';
    out[53] = '0';
    out[54] = (byte) (sampled ? '1' : '0');
    return out;
  }
}
