package dev.meshtrace.zipkin;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.internal.JsonBytes;

/**
 * Writes a {@link MutableSpan} as one Zipkin v2 JSON span. The same code sizes and writes: without a buffer it only
 * counts, so {@link #sizeInBytes} is exact by construction. Fields Zipkin would reject (annotations without a time,
 * tags without a value, IPs that are not literals) are left out rather than failing the whole message.
 */
final class JsonV2Writer extends JsonBytes {
  private final MutableSpan span;

  private JsonV2Writer(MutableSpan span) {
    this.span = span;
  }

  static int sizeInBytes(MutableSpan span) {
    JsonV2Writer counter = new JsonV2Writer(span);
    counter.span();
    return counter.position();
  }

  static byte[] encode(MutableSpan span) {
    JsonV2Writer writer = new JsonV2Writer(span);
    writer.span();
    writer.allocate();
    writer.span();
    return writer.bytes();
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
}
