package dev.meshtrace.zipkin;

import dev.meshtrace.MutableSpan;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link MutableSpan} as one Zipkin v2 JSON span. The same code sizes and writes: without a buffer it only
 * counts, so {@link #sizeInBytes} is exact by construction. Fields Zipkin would reject (annotations without a time,
 * tags without a value, IPs that are not literals) are left out rather than failing the whole message.
 */
final class JsonV2Writer {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** ASCII characters a JSON string holds as they are: printable, neither quote nor backslash. */
  private static final boolean[] PLAIN = new boolean[0x80];

  static {
    for (char c = 0x20; c < 0x7f; c++) PLAIN[c] = c != '"' && c != '\\';
  }

  private final MutableSpan span;
  private byte[] out;
  private int pos;

  private JsonV2Writer(MutableSpan span) {
    this.span = span;
  }

  static int sizeInBytes(MutableSpan span) {
    JsonV2Writer counter = new JsonV2Writer(span);
    counter.span();
    return counter.pos;
  }

  static byte[] encode(MutableSpan span) {
    JsonV2Writer writer = new JsonV2Writer(span);
    writer.span();
    writer.out = new byte[writer.pos];
    writer.pos = 0;
    writer.span();
    return writer.out;
  }

  private void span() {
    ascii("{\"traceId\":\"");
    // A 128-bit ID whose upper half is zero is the 64-bit ID to Zipkin, which stores it as 16 characters.
    if (span.traceIdHigh() != 0) hex(span.traceIdHigh());
    hex(span.traceId());
    if (span.parentId() != 0) {
      ascii("\",\"parentId\":\"");
      hex(span.parentId());
    }
    ascii("\",\"id\":\"");
    hex(span.spanId());
    ascii("\"");
    if (span.kind() != null) {
      ascii(",\"kind\":\"");
      ascii(span.kind().name());
      ascii("\"");
    }
    if (span.name() != null && !span.name().isEmpty()) {
      ascii(",\"name\":");
      string(span.name());
    }
    if (span.startTimestamp() > 0) {
      ascii(",\"timestamp\":");
      decimal(span.startTimestamp());
      if (span.finishTimestamp() > 0) {
        ascii(",\"duration\":");
        decimal(Math.max(1, span.finishTimestamp() - span.startTimestamp())); // Zipkin rounds below 1 up
      }
    }
    // Normalized in each pass rather than kept in fields: an IPv4 literal costs a scan, no copy.
    endpoint(",\"localEndpoint\":", span.localServiceName(), EndpointIp.normalize(span.localIp()),
        span.localPort());
    endpoint(",\"remoteEndpoint\":", span.remoteServiceName(), EndpointIp.normalize(span.remoteIp()),
        span.remotePort());
    annotations();
    tags();
    if (span.debug()) ascii(",\"debug\":true");
    if (span.shared()) ascii(",\"shared\":true");
    ascii("}");
  }

  /** {@code ip} is normalized ({@link EndpointIp}) or null. */
  private void endpoint(String field, String serviceName, String ip, int port) {
    boolean hasName = serviceName != null && !serviceName.isEmpty();
    boolean hasPort = port > 0 && port <= 0xffff;
    if (!hasName && ip == null && !hasPort) return;
    ascii(field);
    char separator = '{';
    if (hasName) {
      ascii("{\"serviceName\":");
      string(serviceName);
      separator = ',';
    }
    if (ip != null) {
      writeByte(separator);
      ascii(EndpointIp.isIpv4(ip) ? "\"ipv4\":\"" : "\"ipv6\":\"");
      ascii(ip);
      writeByte('"');
      separator = ',';
    }
    if (hasPort) {
      writeByte(separator);
      ascii("\"port\":");
      decimal(port);
    }
    writeByte('}');
  }

  private void annotations() {
    boolean first = true;
    for (int i = 0; i < span.annotationCount(); i++) {
      String value = span.annotationValue(i);
      long timestamp = span.annotationTimestamp(i);
      if (value == null || timestamp <= 0) continue;
      ascii(first ? ",\"annotations\":[{\"timestamp\":" : ",{\"timestamp\":");
      first = false;
      decimal(timestamp);
      ascii(",\"value\":");
      string(value);
      writeByte('}');
    }
    if (!first) writeByte(']');
  }

  private void tags() {
    boolean first = true;
    for (int i = 0; i < span.tagCount(); i++) {
      String key = span.tagKey(i);
      String value = span.tagValue(i);
      if (key == null || value == null) continue;
      ascii(first ? ",\"tags\":{" : ",");
      first = false;
      string(key);
      writeByte(':');
      string(value);
    }
    if (!first) writeByte('}');
  }

  /** A JSON string: quoted, escaped, UTF-8 ({@link Utf8}). */
  private void string(String value) {
    writeByte('"');
    int length = value.length();
    int plainFrom = 0;
    for (int i = 0; i < length; ) {
      char c = value.charAt(i);
      if (c < 0x80 && PLAIN[c]) {
        i++;
        continue;
      }
      plain(value, plainFrom, i);
      if (c < 0x80) {
        asciiChar(c);
        i++;
      } else if (c == '\u2028' || c == '\u2029') {
        unicodeEscape(c); // valid JSON either way, but breaks JavaScript string literals
        i++;
      } else {
        int size = Utf8.sizeAt(value, i);
        if (out != null) Utf8.write(value, i, size, out, pos);
        pos += size;
        i += Utf8.charCount(size);
      }
      plainFrom = i;
    }
    plain(value, plainFrom, length);
    writeByte('"');
  }

  /** Characters {@code from} to {@code to} of {@code value}, all {@link #PLAIN}: one byte each, as they are. */
  private void plain(String value, int from, int to) {
    if (out != null) {
      for (int i = from, at = pos; i < to; i++, at++) out[at] = (byte) value.charAt(i);
    }
    pos += to - from;
  }

  private void asciiChar(char c) {
    switch (c) {
      case '"': ascii("\\\""); return;
      case '\\': ascii("\\\\"); return;
      case '\n': ascii("\\n"); return;
      case '\r': ascii("\\r"); return;
      case '\t': ascii("\\t"); return;
      case '\b': ascii("\\b"); return;
      case '\f': ascii("\\f"); return;
      default:
        if (c < 0x20) {
          unicodeEscape(c);
        } else {
          writeByte(c);
        }
    }
  }

  private void unicodeEscape(char c) {
    ascii("\\u");
    writeByte(HEX[(c >> 12) & 0xf]);
    writeByte(HEX[(c >> 8) & 0xf]);
    writeByte(HEX[(c >> 4) & 0xf]);
    writeByte(HEX[c & 0xf]);
  }

  /** Writes characters known to be ASCII and to need no escaping. */
  private void ascii(String value) {
    if (out == null) {
      pos += value.length();
      return;
    }
    for (int i = 0, length = value.length(); i < length; i++) out[pos++] = (byte) value.charAt(i);
  }

  private void hex(long value) {
    if (out != null) {
      for (int i = pos + 15; i >= pos; i--) {
        out[i] = HEX[(int) (value & 0xf)];
        value >>>= 4;
      }
    }
    pos += 16;
  }

  /** A non-negative long in decimal. */
  private void decimal(long value) {
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) digits++;
    if (out != null) {
      for (int i = pos + digits - 1; i >= pos; i--) {
        out[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
    }
    pos += digits;
  }

  private void writeByte(int b) {
    if (out != null) out[pos] = (byte) b;
    pos++;
  }
}
