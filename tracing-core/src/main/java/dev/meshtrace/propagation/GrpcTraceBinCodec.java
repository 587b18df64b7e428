package dev.meshtrace.propagation;

import java.util.Base64;

/**
 * {@code grpc-trace-bin}: OpenCensus's binary trace context, carried as a gRPC binary metadata entry. Its bytes
 * are version {@code 0}, then fields each led by its ID: trace ID (field {@code 0}, 16 bytes), span ID (field
 * {@code 1}, 8 bytes), trace options (field {@code 2}, 1 byte, bit 0 sampled). Core's headers are strings, so the
 * value travels in gRPC's text form of binary entries: base64, as gRPC writes it on the wire (without padding;
 * padded input is read too). Adapters decode it to bytes where their framework carries binary metadata.
 */
final class GrpcTraceBinCodec {
  static final String NAME = "grpc-trace-bin";

  private static final int VERSION = 0;
  private static final int TRACE_ID_FIELD = 0;
  private static final int SPAN_ID_FIELD = 1;
  private static final int OPTIONS_FIELD = 2;
  /** Version, trace ID field and span ID field: what every valid value has. */
  private static final int REQUIRED_LENGTH = 1 + 1 + 16 + 1 + 8;
  private static final int FULL_LENGTH = REQUIRED_LENGTH + 1 + 1;
  /** A longer value is not a trace context: refused before decoding. */
  private static final int MAX_TEXT_LENGTH = 256;
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  private GrpcTraceBinCodec() {}

  /**
   * Parses the base64 text of a value into {@code out}; false, never throwing, when it is not base64, not version
   * 0, lacks the trace or span ID or has either zero, or has a truncated options field. Fields after the options
   * (a later version's) are ignored. Without the options field the value carries no sampling decision.
   */
  static boolean parse(String text, ParsedContext out) {
    if (text.length() > MAX_TEXT_LENGTH) return false;
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (bytes.length < REQUIRED_LENGTH || bytes[0] != VERSION) return false;
    if (bytes[1] != TRACE_ID_FIELD || bytes[18] != SPAN_ID_FIELD) return false;
    long high = readLong(bytes, 2);
    long low = readLong(bytes, 10);
    long spanId = readLong(bytes, 19);
    if ((high == 0 && low == 0) || spanId == 0) return false;
    Boolean sampled = null;
    if (bytes.length > REQUIRED_LENGTH && bytes[REQUIRED_LENGTH] == OPTIONS_FIELD) {
      if (bytes.length < FULL_LENGTH) return false;
      sampled = (bytes[REQUIRED_LENGTH + 1] & 1) == 1;
    }
    out.traceIdHigh = high;
    out.traceId = low;
    out.wide = true;
    out.spanId = spanId;
    out.sampled = sampled;
    return true;
  }

  /** The base64 text of a version 0 value with all three fields. */
  static String encode(long traceIdHigh, long traceId, long spanId, boolean sampled) {
    byte[] bytes = new byte[FULL_LENGTH];
    bytes[0] = VERSION;
    bytes[1] = TRACE_ID_FIELD;
    writeLong(bytes, 2, traceIdHigh);
    writeLong(bytes, 10, traceId);
    bytes[18] = SPAN_ID_FIELD;
    writeLong(bytes, 19, spanId);
    bytes[27] = OPTIONS_FIELD;
    bytes[28] = (byte) (sampled ? 1 : 0);
    return ENCODER.encodeToString(bytes);
  }

  private static long readLong(byte[] bytes, int from) {
    long result = 0;
    for (int i = from; i < from + 8; i++) result = result << 8 | (bytes[i] & 0xff);
    return result;
  }

  private static void writeLong(byte[] bytes, int from, long value) {
    for (int i = from + 7; i >= from; i--) {
      bytes[i] = (byte) value;
      value >>>= 8;
    }
  }
}
