package dev.meshtrace.propagation;

import dev.meshtrace.internal.Hex;

/** What one codec read from its headers. Mutable scratch state of a single extraction. */
class ParsedContext {
  long traceIdHigh;
  long traceId;
  long spanId;
  long parentId;
  boolean wide;
  /** null when the headers carried no decision. */
  Boolean sampled;
  boolean debug;

  void reset() {
    traceIdHigh = 0;
    traceId = 0;
    spanId = 0;
    parentId = 0;
    wide = false;
    sampled = null;
    debug = false;
  }

  /**
   * Reads a trace ID of 32 ({@code wide}) or 16 hex characters starting at {@code from}; false, changing nothing,
   * when a character is not hex or the ID is zero.
   */
  boolean readTraceId(CharSequence s, int from, boolean wide, boolean allowUpper) {
    long high = wide ? Hex.parse(s, from, 16, allowUpper) : 0;
    int lowFrom = wide ? from + 16 : from;
    long low = Hex.parse(s, lowFrom, 16, allowUpper);
    if (high == 0 && low == 0) return false;
    // Hex.parse answers 0 for a malformed half too: only a zero half needs a second look.
    if (wide && high == 0 && !Hex.isHex(s, from, 16, allowUpper)) return false;
    if (low == 0 && !Hex.isHex(s, lowFrom, 16, allowUpper)) return false;
    traceIdHigh = high;
    traceId = low;
    this.wide = wide;
    return true;
  }

  boolean hasIds() {
    return traceId != 0 || traceIdHigh != 0;
  }

  boolean sameTrace(ParsedContext other) {
    return traceIdHigh == other.traceIdHigh && traceId == other.traceId;
  }
}
