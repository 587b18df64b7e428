package dev.meshtrace.otlp.internal;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.internal.JsonBytes;

/**
 * Writes one span as an OTLP/JSON {@code ResourceSpans} object (resource, scope, the span), an element of the
 * request's {@code resourceSpans} array. The OTLP JSON mapping: lowerCamelCase names, IDs in hex, enums as numbers,
 * 64-bit integers as decimal strings.
 */
final class JsonSpanWriter extends JsonBytes {
  private static final byte[] SUFFIX = {']', '}', ']', '}'};

  private final ResourceBytes resource;
  private final MutableSpan span;
  private final String traceState;
  private final SpanAttributes attributes;

  private JsonSpanWriter(ResourceBytes resource, OtlpSpan reported) {
    this.resource = resource;
    this.span = reported.span();
    this.traceState = reported.traceState();
    this.attributes = SpanAttributes.of(span);
  }

  static int sizeInBytes(ResourceBytes resource, OtlpSpan span) {
    JsonSpanWriter counter = new JsonSpanWriter(resource, span);
    counter.write();
    return counter.position();
  }

  static byte[] encode(ResourceBytes resource, OtlpSpan span) {
    JsonSpanWriter writer = new JsonSpanWriter(resource, span);
    writer.write();
    writer.allocate();
    writer.write();
    return writer.bytes();
  }

  private void write() {
    raw(resource.jsonPrefix);
    ascii("{\"traceId\":\"");
    hex(span.traceIdHigh());
    hex(span.traceId());
    ascii("\",\"spanId\":\"");
    hex(span.spanId());
    writeByte('"');
    if (ProtoSpanWriter.hasText(traceState)) {
      ascii(",\"traceState\":");
      string(traceState);
    }
    if (span.parentId() != 0) {
      ascii(",\"parentSpanId\":\"");
      hex(span.parentId());
      writeByte('"');
    }
    if (ProtoSpanWriter.hasText(span.name())) {
      ascii(",\"name\":");
      string(span.name());
    }
    ascii(",\"kind\":");
    decimal(SpanAttributes.kindNumber(span.kind()));
    long start = Math.max(0, span.startTimestamp()) * 1000;
    ascii(",\"startTimeUnixNano\":\"");
    decimal(start);
    ascii("\",\"endTimeUnixNano\":\"");
    decimal(span.finishTimestamp() > start / 1000 ? span.finishTimestamp() * 1000 : start);
    writeByte('"');
    attributes();
    events();
    if (attributes.statusCode != SpanAttributes.STATUS_UNSET) {
      ascii(",\"status\":{");
      if (ProtoSpanWriter.hasText(attributes.statusMessage)) {
        ascii("\"message\":");
        string(attributes.statusMessage);
        writeByte(',');
      }
      ascii("\"code\":");
      decimal(attributes.statusCode);
      writeByte('}');
    }
    writeByte('}');
    raw(SUFFIX);
  }

  private void attributes() {
    if (attributes.count() == 0) return;
    ascii(",\"attributes\":[");
    for (int i = 0; i < attributes.count(); i++) {
      ascii(i == 0 ? "{\"key\":" : ",{\"key\":");
      string(attributes.key(i));
      String value = attributes.stringValue(i);
      if (value != null) {
        ascii(",\"value\":{\"stringValue\":");
        string(value);
        ascii("}}");
      } else {
        ascii(",\"value\":{\"intValue\":\"");
        decimal(attributes.intValue(i));
        ascii("\"}}");
      }
    }
    writeByte(']');
  }

  private void events() {
    boolean first = true;
    for (int i = 0; i < span.annotationCount(); i++) {
      String value = span.annotationValue(i);
      long timestamp = span.annotationTimestamp(i);
      if (value == null || timestamp <= 0) continue;
      ascii(first ? ",\"events\":[{\"timeUnixNano\":\"" : ",{\"timeUnixNano\":\"");
      first = false;
      decimal(timestamp * 1000);
      ascii("\",\"name\":");
      string(value);
      writeByte('}');
    }
    if (!first) writeByte(']');
  }
}
