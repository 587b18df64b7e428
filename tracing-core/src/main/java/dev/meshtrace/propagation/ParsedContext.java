package dev.meshtrace.propagation;

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

  boolean hasIds() {
    return traceId != 0 || traceIdHigh != 0;
  }

  boolean sameTrace(ParsedContext other) {
    return traceIdHigh == other.traceIdHigh && traceId == other.traceId;
  }
}
