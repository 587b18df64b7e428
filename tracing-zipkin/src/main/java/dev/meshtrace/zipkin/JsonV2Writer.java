package dev.meshtrace.zipkin;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.internal.JsonBytes;

/**
 * Writes a {@link MutableSpan} as one Zipkin v2 JSON span. The same code sizes and writes: without a buffer it only
 * counts, so {@link #sizeInBytes} is exact by construction; {@link #encode} writes in one pass into a buffer each
 * thread keeps (the reporter's, in practice). Fields Zipkin would reject (annotations without a time,
 * tags without a value, IPs that are not literals) are left out rather than failing the whole message.
 */
final class JsonV2Writer extends JsonBytes {
  private static final int INITIAL_CAPACITY = 1024;
  /** A thread keeps its buffer only up to this size; a larger span's buffer is let go after it. */
  private static final int RETAINED_CAPACITY = 64 * 1024;
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[INITIAL_CAPACITY]);
  private static final EndpointIp.LastConverted<String> LOCAL_IPS =
      new EndpointIp.LastConverted<>(EndpointIp::normalize);
  private static final EndpointIp.LastConverted<String> REMOTE_IPS =
      new EndpointIp.LastConverted<>(EndpointIp::normalize);

  private final MutableSpan span;

  private JsonV2Writer(MutableSpan span) {
    this.span = span;
  }

  static int sizeInBytes(MutableSpan span) {
    JsonV2Writer counter = new JsonV2Writer(span);
    counter.span();
    return counter.position();
  }

  /** One pass into the thread's buffer, then the bytes copied out. */
  static byte[] encode(MutableSpan span) {
    JsonV2Writer writer = new JsonV2Writer(span);
    byte[] kept = BUFFERS.get();
    writer.writeInto(kept);
    writer.span();
    byte[] grown = writer.bytes();
    if (grown != kept) {
      if (grown.length <= RETAINED_CAPACITY) BUFFERS.set(grown);
      else BUFFERS.remove();
    }
    return writer.copyOfWritten();
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
    endpoint(",\"localEndpoint\":", span.localServiceName(), LOCAL_IPS.convert(span.localIp()),
        span.localPort());
    endpoint(",\"remoteEndpoint\":", span.remoteServiceName(), REMOTE_IPS.convert(span.remoteIp()),
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
