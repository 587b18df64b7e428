package dev.meshtrace.propagation;

import dev.meshtrace.internal.Hex;

/** The {@code b3} header: {@code {traceid}-{spanid}[-{sampling}[-{parentspanid}]]}, or just {@code 0|1|d}. */
final class B3SingleCodec {
  static final String NAME = "b3";

  private B3SingleCodec() {}

  /** Parses {@code value} into {@code out}; false when it is malformed. Upper-case hex is accepted. */
  static boolean parse(String value, ParsedContext out) {
    int length = value.length();
    if (length == 1) return parseSampling(value.charAt(0), out);
    int traceIdLength = value.indexOf('-');
    if (traceIdLength != 16 && traceIdLength != 32) return false;
    int spanStart = traceIdLength + 1;
    int spanEnd = spanStart + 16;
    if (length < spanEnd || (length > spanEnd && value.charAt(spanEnd) != '-')) return false;
    if (!out.readTraceId(value, 0, traceIdLength == 32, true)) return false;
    out.spanId = Hex.parse(value, spanStart, 16, true);
    if (out.spanId == 0) return false;
    if (length == spanEnd) return true;
    int samplingAt = spanEnd + 1;
    if (length < samplingAt + 1 || !parseSampling(value.charAt(samplingAt), out)) return false;
    if (length == samplingAt + 1) return true;
    int parentStart = samplingAt + 2;
    if (value.charAt(samplingAt + 1) != '-' || length != parentStart + 16) return false;
    out.parentId = Hex.parse(value, parentStart, 16, true);
    return out.parentId != 0;
  }

  private static boolean parseSampling(char c, ParsedContext out) {
    switch (c) {
      case '0':
        out.sampled = Boolean.FALSE;
        return true;
      case '1':
        out.sampled = Boolean.TRUE;
        return true;
      case 'd':
        out.sampled = Boolean.TRUE;
        out.debug = true;
        return true;
      default:
        return false;
    }
  }

  /** Encodes a decision without IDs: {@code d}, {@code 1} or {@code 0}; never called without a decision. */
  static String encodeDecision(Boolean sampled, boolean debug) {
    return debug ? "d" : sampled ? "1" : "0";
  }

  /** Encodes a context with IDs as US-ASCII; the sampling field is written when decided. */
  static byte[] encode(long traceIdHigh, long traceId, boolean wide, long spanId, long parentId, Boolean sampled,
      boolean debug) {
    boolean wideOut = traceIdHigh != 0 || wide;
    int traceLength = wideOut ? 32 : 16;
    int length = traceLength + 17;
    boolean writeSampling = debug || sampled != null;
    if (writeSampling) length += 2;
    if (writeSampling && parentId != 0) length += 17;
    byte[] out = new byte[length];
    int pos = 0;
    if (wideOut) {
      Hex.write(traceIdHigh, out, 0);
      pos = 16;
    }
    Hex.write(traceId, out, pos);
    pos += 16;
    out[pos++] = '-';
    Hex.write(spanId, out, pos);
    pos += 16;
    if (writeSampling) {
      out[pos++] = '-';
      out[pos++] = (byte) (debug ? 'd' : sampled ? '1' : '0');
      if (parentId != 0) {
        out[pos++] = '-';
        Hex.write(parentId, out, pos);
      }
    }
    return out;
  }
}
