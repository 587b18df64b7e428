package dev.meshtrace.otlp.internal;

import java.nio.charset.StandardCharsets;

/**
 * Reads {@code ExportTraceServiceResponse.partial_success} ({@code rejected_spans}, {@code error_message}) from a
 * response body, protobuf or JSON. A body it cannot read counts as full success: the collector said 2xx / OK.
 */
final class PartialSuccess {
  private PartialSuccess() {}

  static ExportResult fromProto(byte[] body) {
    try {
      ProtoReader response = new ProtoReader(body, 0, body.length);
      while (response.next()) {
        if (response.field() != 1 || response.wireType() != 2) {
          response.skip();
          continue;
        }
        ProtoReader partial = response.message();
        long rejected = 0;
        String message = null;
        while (partial.next()) {
          if (partial.field() == 1 && partial.wireType() == 0) {
            rejected = partial.varint();
          } else if (partial.field() == 2 && partial.wireType() == 2) {
            message = partial.string();
          } else {
            partial.skip();
          }
        }
        return ExportResult.accepted(Math.max(0, rejected), message);
      }
    } catch (IllegalArgumentException e) {
      // unreadable: take the status for it
    }
    return ExportResult.accepted(0, null);
  }

  /** The JSON form: only {@code "rejectedSpans"} and {@code "errorMessage"} are looked for. */
  static ExportResult fromJson(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    long rejected = 0;
    int at = text.indexOf("\"rejectedSpans\"");
    if (at >= 0) {
      int i = text.indexOf(':', at) + 1;
      while (i > 0 && i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '"')) i++;
      while (i > 0 && i < text.length() && isAsciiDigit(text.charAt(i)) && rejected < Long.MAX_VALUE / 10) {
        rejected = rejected * 10 + (text.charAt(i++) - '0');
      }
    }
    return ExportResult.accepted(rejected, rejected > 0 ? text : null);
  }

  /** JSON numbers are ASCII: {@link Character#isDigit} would also take other scripts' digits. */
  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A minimal protobuf reader over part of an array; throws IllegalArgumentException on malformed input. */
  static final class ProtoReader {
    private final byte[] bytes;
    private final int end;
    private int pos;
    private int key;

    ProtoReader(byte[] bytes, int from, int end) {
      this.bytes = bytes;
      this.pos = from;
      this.end = end;
    }

    boolean next() {
      if (pos >= end) return false;
      key = (int) varint();
      return true;
    }

    int field() {
      return key >>> 3;
    }

    int wireType() {
      return key & 7;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) throw new IllegalArgumentException("truncated varint");
        byte b = bytes[pos++];
        result |= (long) (b & 0x7f) << shift;
        if (b >= 0) return result;
      }
      throw new IllegalArgumentException("malformed varint");
    }

    ProtoReader message() {
      int length = length();
      ProtoReader result = new ProtoReader(bytes, pos, pos + length);
      pos += length;
      return result;
    }

    String string() {
      int length = length();
      String result = new String(bytes, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return result;
    }

    void skip() {
      switch (wireType()) {
        case 0: varint(); return;
        case 1: advance(8); return;
        case 2: advance(length()); return;
        case 5: advance(4); return;
        default: throw new IllegalArgumentException("unsupported wire type " + wireType());
      }
    }

    private int length() {
      long length = varint();
      if (length < 0 || length > end - pos) throw new IllegalArgumentException("bad length " + length);
      return (int) length;
    }

    private void advance(int n) {
      if (n > end - pos) throw new IllegalArgumentException("truncated field");
      pos += n;
    }
  }
}
