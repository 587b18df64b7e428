package dev.meshtrace.otlp.internal;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.internal.ProtoBytes;
import dev.meshtrace.internal.Utf8;

/**
 * Writes one span as an OTLP {@code ResourceSpans} framed as field 1 of {@code ExportTraceServiceRequest}
 * (resource, scope, the span), so that encoded spans concatenate into a request. Field numbers are those of
 * opentelemetry-proto's trace.proto and common.proto. Sizes are computed first, then the exact buffer is written.
 */
final class ProtoSpanWriter extends ProtoBytes {
  private final ResourceBytes resource;
  private final MutableSpan span;
  private final String traceState;
  private final SpanAttributes attributes;
  /** Per attribute, computed once: UTF-8 lengths of its key and string value, the size of its {@code AnyValue}. */
  private final int[] keyLengths;
  private final int[] valueLengths;
  /** Per attribute: whether its key, and its string value, are ASCII (written by bulk copy). */
  private final boolean[] asciiKeys;
  private final boolean[] asciiValues;
  private final int[] valueSizes;
  private final int nameLength;
  private final int spanSize;
  private final int scopeSpansSize;
  private final int resourceSpansSize;

  private ProtoSpanWriter(ResourceBytes resource, OtlpSpan reported) {
    this.resource = resource;
    this.span = reported.span();
    this.traceState = reported.traceState();
    this.attributes = SpanAttributes.of(span);
    this.keyLengths = new int[attributes.count()];
    this.valueLengths = new int[attributes.count()];
    this.valueSizes = new int[attributes.count()];
    this.asciiKeys = new boolean[attributes.count()];
    this.asciiValues = new boolean[attributes.count()];
    for (int i = 0; i < attributes.count(); i++) {
      String key = attributes.key(i);
      asciiKeys[i] = attributes.keyIsAscii(i);
      keyLengths[i] = asciiKeys[i] ? key.length() : Utf8.length(key);
      String value = attributes.stringValue(i);
      if (value != null) {
        asciiValues[i] = Utf8.isAscii(value);
        valueLengths[i] = asciiValues[i] ? value.length() : Utf8.length(value);
        valueSizes[i] = delimitedSize(valueLengths[i]);
      } else {
        valueSizes[i] = 1 + varintSize(attributes.intValue(i));
      }
    }
    this.nameLength = hasText(span.name()) ? Utf8.length(span.name()) : 0;
    this.spanSize = spanSize();
    this.scopeSpansSize = resource.protoScopeField.length + delimitedSize(spanSize);
    this.resourceSpansSize = resource.protoResourceField.length + delimitedSize(scopeSpansSize);
  }

  static int sizeInBytes(ResourceBytes resource, OtlpSpan span) {
    return delimitedSize(new ProtoSpanWriter(resource, span).resourceSpansSize);
  }

  static byte[] encode(ResourceBytes resource, OtlpSpan span) {
    ProtoSpanWriter writer = new ProtoSpanWriter(resource, span);
    writer.allocate(delimitedSize(writer.resourceSpansSize));
    writer.write();
    return writer.bytes();
  }

  private void write() {
    key(1, LENGTH_DELIMITED); // ExportTraceServiceRequest.resource_spans
    varint(resourceSpansSize);
    raw(resource.protoResourceField);
    key(2, LENGTH_DELIMITED); // ResourceSpans.scope_spans
    varint(scopeSpansSize);
    raw(resource.protoScopeField);
    key(2, LENGTH_DELIMITED); // ScopeSpans.spans
    varint(spanSize);
    writeSpan();
  }

  private int spanSize() {
    int size = delimitedSize(16) + delimitedSize(8);
    if (hasText(traceState)) size += stringFieldSize(traceState);
    if (span.parentId() != 0) size += delimitedSize(8);
    if (nameLength > 0) size += delimitedSize(nameLength);
    size += 1 + 1; // kind
    size += 2 * (1 + 8); // start and end
    for (int i = 0; i < attributes.count(); i++) size += delimitedSize(keyValueSize(i));
    for (int i = 0; i < span.annotationCount(); i++) {
      if (validEvent(i)) size += delimitedSize(eventSize(i));
    }
    if (attributes.statusCode != SpanAttributes.STATUS_UNSET) size += delimitedSize(statusSize());
    return size;
  }

  private void writeSpan() {
    key(1, LENGTH_DELIMITED);
    varint(16);
    fixedBigEndian(span.traceIdHigh());
    fixedBigEndian(span.traceId());
    key(2, LENGTH_DELIMITED);
    varint(8);
    fixedBigEndian(span.spanId());
    if (hasText(traceState)) stringField(3, traceState);
    if (span.parentId() != 0) {
      key(4, LENGTH_DELIMITED);
      varint(8);
      fixedBigEndian(span.parentId());
    }
    if (nameLength > 0) stringField(5, span.name(), nameLength);
    key(6, VARINT);
    varint(SpanAttributes.kindNumber(span.kind()));
    key(7, FIXED64);
    fixedLittleEndian(startNanos());
    key(8, FIXED64);
    fixedLittleEndian(endNanos());
    for (int i = 0; i < attributes.count(); i++) {
      key(9, LENGTH_DELIMITED);
      varint(keyValueSize(i));
      writeKeyValue(i);
    }
    for (int i = 0; i < span.annotationCount(); i++) {
      if (!validEvent(i)) continue;
      key(11, LENGTH_DELIMITED);
      varint(eventSize(i));
      key(1, FIXED64);
      fixedLittleEndian(span.annotationTimestamp(i) * 1000);
      stringField(2, span.annotationValue(i));
    }
    if (attributes.statusCode != SpanAttributes.STATUS_UNSET) {
      key(15, LENGTH_DELIMITED);
      varint(statusSize());
      if (hasText(attributes.statusMessage)) stringField(2, attributes.statusMessage);
      key(3, VARINT);
      varint(attributes.statusCode);
    }
  }

  private long startNanos() {
    return span.startTimestamp() * 1000;
  }

  private long endNanos() {
    return span.finishTimestamp() > 0 ? span.finishTimestamp() * 1000 : startNanos();
  }

  private int keyValueSize(int i) {
    return delimitedSize(keyLengths[i]) + delimitedSize(valueSizes[i]);
  }

  private void writeKeyValue(int i) {
    if (asciiKeys[i]) {
      asciiField(1, attributes.key(i));
    } else {
      stringField(1, attributes.key(i), keyLengths[i]);
    }
    key(2, LENGTH_DELIMITED);
    varint(valueSizes[i]);
    String value = attributes.stringValue(i);
    if (value != null) {
      if (asciiValues[i]) { // AnyValue.string_value
        asciiField(1, value);
      } else {
        stringField(1, value, valueLengths[i]);
      }
    } else {
      key(3, VARINT); // AnyValue.int_value
      varint(attributes.intValue(i));
    }
  }

  private boolean validEvent(int i) {
    return span.annotationValue(i) != null && span.annotationTimestamp(i) > 0;
  }

  private int eventSize(int i) {
    return 1 + 8 + stringFieldSize(span.annotationValue(i));
  }

  private int statusSize() {
    int size = 2; // code
    if (hasText(attributes.statusMessage)) size += stringFieldSize(attributes.statusMessage);
    return size;
  }

  static boolean hasText(String value) {
    return value != null && !value.isEmpty();
  }
}
