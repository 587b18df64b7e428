package dev.meshtrace.zipkin;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.internal.ProtoBytes;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Writes a {@link MutableSpan} as Zipkin's proto3 {@code Span}, framed as one element of {@code ListOfSpans}
 * (field 1), so that encoded spans concatenate into a message. Field numbers are those of zipkin.proto. Like the
 * JSON writer, it leaves out what Zipkin would reject.
 */
final class Proto3Writer extends ProtoBytes {
  private static final EndpointIp.LastConverted<byte[]> LOCAL_IPS =
      new EndpointIp.LastConverted<>(Proto3Writer::ipBytes);
  private static final EndpointIp.LastConverted<byte[]> REMOTE_IPS =
      new EndpointIp.LastConverted<>(Proto3Writer::ipBytes);

  private final MutableSpan span;
  private final byte[] localIp;
  private final byte[] remoteIp;
  private Proto3Writer(MutableSpan span) {
    this.span = span;
    this.localIp = LOCAL_IPS.convert(span.localIp());
    this.remoteIp = REMOTE_IPS.convert(span.remoteIp());
  }

  static int sizeInBytes(MutableSpan span) {
    int spanSize = new Proto3Writer(span).spanSize();
    return 1 + varintSize(spanSize) + spanSize;
  }

  static byte[] encode(MutableSpan span) {
    Proto3Writer writer = new Proto3Writer(span);
    int spanSize = writer.spanSize();
    writer.allocate(1 + varintSize(spanSize) + spanSize);
    writer.key(1, LENGTH_DELIMITED);
    writer.varint(spanSize);
    writer.writeSpan();
    return writer.bytes();
  }

  private int spanSize() {
    int size = 2 + (span.traceIdHigh() != 0 ? 16 : 8);
    if (span.parentId() != 0) size += 2 + 8;
    size += 2 + 8;
    if (span.kind() != null) size += 2;
    if (hasText(span.name())) size += stringFieldSize(span.name());
    if (span.startTimestamp() > 0) {
      size += 1 + 8;
      if (span.finishTimestamp() > 0) size += 1 + varintSize(duration());
    }
    size += endpointFieldSize(span.localServiceName(), localIp, span.localPort());
    size += endpointFieldSize(span.remoteServiceName(), remoteIp, span.remotePort());
    for (int i = 0; i < span.annotationCount(); i++) {
      if (!validAnnotation(i)) continue;
      int annotationSize = annotationSize(i);
      size += 1 + varintSize(annotationSize) + annotationSize;
    }
    for (int i = 0; i < span.tagCount(); i++) {
      if (!validTag(i)) continue;
      int tagSize = tagSize(i);
      size += 1 + varintSize(tagSize) + tagSize;
    }
    if (span.debug()) size += 2;
    if (span.shared()) size += 2;
    return size;
  }

  private void writeSpan() {
    key(1, LENGTH_DELIMITED);
    if (span.traceIdHigh() != 0) {
      varint(16);
      fixedBigEndian(span.traceIdHigh());
    } else {
      varint(8);
    }
    fixedBigEndian(span.traceId());
    if (span.parentId() != 0) {
      key(2, LENGTH_DELIMITED);
      varint(8);
      fixedBigEndian(span.parentId());
    }
    key(3, LENGTH_DELIMITED);
    varint(8);
    fixedBigEndian(span.spanId());
    if (span.kind() != null) {
      key(4, VARINT);
      varint(kindNumber(span.kind()));
    }
    if (hasText(span.name())) stringField(5, span.name());
    if (span.startTimestamp() > 0) {
      key(6, FIXED64);
      fixedLittleEndian(span.startTimestamp());
      if (span.finishTimestamp() > 0) {
        key(7, VARINT);
        varint(duration());
      }
    }
    endpointField(8, span.localServiceName(), localIp, span.localPort());
    endpointField(9, span.remoteServiceName(), remoteIp, span.remotePort());
    for (int i = 0; i < span.annotationCount(); i++) {
      if (!validAnnotation(i)) continue;
      key(10, LENGTH_DELIMITED);
      varint(annotationSize(i));
      key(1, FIXED64);
      fixedLittleEndian(span.annotationTimestamp(i));
      stringField(2, span.annotationValue(i));
    }
    for (int i = 0; i < span.tagCount(); i++) {
      if (!validTag(i)) continue;
      key(11, LENGTH_DELIMITED);
      varint(tagSize(i));
      stringField(1, span.tagKey(i));
      stringField(2, span.tagValue(i));
    }
    if (span.debug()) {
      key(12, VARINT);
      varint(1);
    }
    if (span.shared()) {
      key(13, VARINT);
      varint(1);
    }
  }

  private long duration() {
    return Math.max(1, span.finishTimestamp() - span.startTimestamp()); // Zipkin rounds below 1 up
  }

  private static int kindNumber(SpanKind kind) {
    switch (kind) {
      case CLIENT: return 1;
      case SERVER: return 2;
      case PRODUCER: return 3;
      default: return 4; // CONSUMER
    }
  }

  private boolean validAnnotation(int i) {
    return span.annotationValue(i) != null && span.annotationTimestamp(i) > 0;
  }

  private int annotationSize(int i) {
    return 1 + 8 + stringFieldSize(span.annotationValue(i));
  }

  private boolean validTag(int i) {
    return span.tagKey(i) != null && span.tagValue(i) != null;
  }

  private int tagSize(int i) {
    return stringFieldSize(span.tagKey(i)) + stringFieldSize(span.tagValue(i));
  }

  private static int endpointSize(String serviceName, byte[] ip, int port) {
    int size = 0;
    if (hasText(serviceName)) size += stringFieldSize(serviceName);
    if (ip != null) size += 2 + ip.length;
    if (validPort(port)) size += 1 + varintSize(port);
    return size;
  }

  private static int endpointFieldSize(String serviceName, byte[] ip, int port) {
    int size = endpointSize(serviceName, ip, port);
    return size == 0 ? 0 : 1 + varintSize(size) + size;
  }

  private void endpointField(int field, String serviceName, byte[] ip, int port) {
    int size = endpointSize(serviceName, ip, port);
    if (size == 0) return;
    key(field, LENGTH_DELIMITED);
    varint(size);
    if (hasText(serviceName)) stringField(1, serviceName);
    if (ip != null) {
      key(ip.length == 4 ? 2 : 3, LENGTH_DELIMITED);
      varint(ip.length);
      raw(ip);
    }
    if (validPort(port)) {
      key(4, VARINT);
      varint(port);
    }
  }

  private static boolean validPort(int port) {
    return port > 0 && port <= 0xffff;
  }

  private static boolean hasText(String value) {
    return value != null && !value.isEmpty();
  }

  /**
   * The 4 or 16 bytes of an IP literal, or null when {@code ip} is not one. No name is ever looked up. Shared
   * through the IP caches: only read.
   */
  private static byte[] ipBytes(String ip) {
    String literal = EndpointIp.normalize(ip);
    if (literal == null) return null;
    if (EndpointIp.isIpv4(literal)) {
      byte[] result = new byte[4];
      int part = 0;
      for (int i = 0; i < literal.length(); i++) {
        char c = literal.charAt(i);
        if (c == '.') {
          part++;
        } else {
          result[part] = (byte) ((result[part] & 0xff) * 10 + (c - '0'));
        }
      }
      return result;
    }
    try {
      return InetAddress.getByName(literal).getAddress(); // contains ':', so parsed as a literal, never resolved
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
