package dev.meshtrace.otlp.internal;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.internal.JsonBytes;

/**
 * Writes one span as an OTLP/JSON {@code ResourceSpans} object (resource, scope, the span), an element of the
 * request's {@code resourceSpans} array. The OTLP JSON mapping: lowerCamelCase names, IDs in hex, enums as numbers,
 * 64-bit integers as decimal strings.
 */
final class JsonSpanWriter extends JsonBytes implements SpanAttributes.Sink {
  private static final byte[] SUFFIX = {']', '}', ']', '}'};

  private final ResourceBytes resource;
  private final MutableSpan span;
  private final String traceState;
  /** While writing: whether an attribute was written yet, and the status the attributes gave. */
  private boolean attributeWritten;
  private int statusCode;
  private String statusMessage;

  private JsonSpanWriter(ResourceBytes resource, OtlpSpan reported) {
    this.resource = resource;
    this.span = reported.span();
    this.traceState = reported.traceState();
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
    if (statusCode != SpanAttributes.STATUS_UNSET) {
      ascii(",\"status\":{");
      if (ProtoSpanWriter.hasText(statusMessage)) {
        ascii("\"message\":");
        string(statusMessage);
        writeByte(',');
      }
      ascii("\"code\":");
      decimal(statusCode);
      writeByte('}');
    }
    writeByte('}');
    raw(SUFFIX);
  }

  private void attributes() {
    attributeWritten = false;
    statusCode = SpanAttributes.STATUS_UNSET;
    statusMessage = null;
    SpanAttributes.visit(span, this);
    if (attributeWritten) writeByte(']');
  }

  @Override
  public void string(String key, boolean asciiKey, String value) {
    keyValue(key);
    ascii(",\"value\":{\"stringValue\":");
    string(value);
    ascii("}}");
  }

  @Override
  public void integer(String key, long value) {
    keyValue(key);
    ascii(",\"value\":{\"intValue\":\"");
    decimal(value);
    ascii("\"}}");
  }

  private void keyValue(String key) {
    ascii(attributeWritten ? ",{\"key\":" : ",\"attributes\":[{\"key\":");
    attributeWritten = true;
    string(key);
  }

  @Override
  public void status(int code, String message) {
    statusCode = code;
    statusMessage = message;
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
