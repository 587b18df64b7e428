package dev.meshtrace.otlp.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Joins encoded spans ({@link OtlpEncoder}) into one {@code ExportTraceServiceRequest}: protobuf spans are
 * {@code resource_spans} fields already, so the request is their concatenation; JSON spans go into the
 * {@code resourceSpans} array.
 */
final class OtlpMessages {
  private static final byte[] JSON_START = "{\"resourceSpans\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JSON_END = {']', '}'};

  private OtlpMessages() {}

  /** Bytes a request holding spans of {@code encodedSize} bytes in all, {@code count} of them, takes. */
  static int sizeInBytes(boolean json, int count, int encodedSize) {
    if (!json) return encodedSize;
    return JSON_START.length + encodedSize + Math.max(0, count - 1) + JSON_END.length;
  }

  static int sizeInBytes(boolean json, List<byte[]> spans) {
    int size = 0;
    for (int i = 0, n = spans.size(); i < n; i++) size += spans.get(i).length;
    return sizeInBytes(json, spans.size(), size);
  }

  static byte[] request(boolean json, List<byte[]> spans) {
    byte[] result = new byte[sizeInBytes(json, spans)];
    int pos = 0;
    if (json) pos = copy(JSON_START, result, pos);
    for (int i = 0, n = spans.size(); i < n; i++) {
      if (json && i > 0) result[pos++] = ',';
      pos = copy(spans.get(i), result, pos);
    }
    if (json) copy(JSON_END, result, pos);
    return result;
  }

  private static int copy(byte[] from, byte[] to, int pos) {
    System.arraycopy(from, 0, to, pos, from.length);
    return pos + from.length;
  }
}
