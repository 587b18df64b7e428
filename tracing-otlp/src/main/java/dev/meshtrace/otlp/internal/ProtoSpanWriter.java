package dev.meshtrace.otlp.internal;

import dev.meshtrace.MutableSpan;

/**
 * Writes one span as an OTLP {@code ResourceSpans} framed as field 1 of {@code ExportTraceServiceRequest}
 * (resource, scope, the span), so that encoded spans concatenate into a request. Field numbers are those of
 * opentelemetry-proto's trace.proto and common.proto. One pass, backwards ({@link BackwardProtoBuffer}), into a
 * buffer each thread keeps: the only allocation per span is the result. Attributes therefore reach the wire last to
 * first (OTLP gives their order no meaning), events in their order.
 */
final class ProtoSpanWriter implements SpanAttributes.Sink {
  private static final int INITIAL_CAPACITY = 1024;
  /** A thread keeps its buffer only up to this size; a larger span's buffer is let go after it. */
  private static final int RETAINED_CAPACITY = 64 * 1024;
  private static final ThreadLocal<ProtoSpanWriter> WRITERS = ThreadLocal.withInitial(ProtoSpanWriter::new);

  private final BackwardProtoBuffer out = new BackwardProtoBuffer(INITIAL_CAPACITY);

  private ProtoSpanWriter() {}

  static byte[] encode(ResourceBytes resource, OtlpSpan span) {
    ProtoSpanWriter writer = WRITERS.get();
    BackwardProtoBuffer out = writer.out;
    out.reset();
    writer.writeResourceSpans(resource, span);
    byte[] result = out.toByteArray();
    if (out.capacity() > RETAINED_CAPACITY) WRITERS.remove();
    return result;
  }

  /** The contents of every enclosing message are written before its length, innermost first. */
  private void writeResourceSpans(ResourceBytes resource, OtlpSpan reported) {
    MutableSpan span = reported.span();
    SpanAttributes.visit(span, this); // attributes and status
    for (int i = span.annotationCount() - 1; i >= 0; i--) {
      String value = span.annotationValue(i);
      long timestamp = span.annotationTimestamp(i);
      if (value == null || timestamp <= 0) continue;
      int event = out.written();
      out.stringField(2, value);
      out.fixedLittleEndian(timestamp * 1000);
      out.key(1, BackwardProtoBuffer.FIXED64);
      out.lengthDelimited(11, event);
    }
    long startNanos = span.startTimestamp() * 1000;
    out.fixedLittleEndian(span.finishTimestamp() > 0 ? span.finishTimestamp() * 1000 : startNanos);
    out.key(8, BackwardProtoBuffer.FIXED64);
    out.fixedLittleEndian(startNanos);
    out.key(7, BackwardProtoBuffer.FIXED64);
    out.varint(SpanAttributes.kindNumber(span.kind()));
    out.key(6, BackwardProtoBuffer.VARINT);
    if (hasText(span.name())) out.stringField(5, span.name());
    if (span.parentId() != 0) id(4, span.parentId());
    if (hasText(reported.traceState())) out.stringField(3, reported.traceState());
    id(2, span.spanId());
    int traceId = out.written();
    out.fixedBigEndian(span.traceId());
    out.fixedBigEndian(span.traceIdHigh());
    out.lengthDelimited(1, traceId);
    // Every enclosing message began where the span did: at the start of the buffer.
    out.lengthDelimited(2, 0); // ScopeSpans.spans
    out.raw(resource.protoScopeField);
    out.lengthDelimited(2, 0); // ResourceSpans.scope_spans
    out.raw(resource.protoResourceField);
    out.lengthDelimited(1, 0); // ExportTraceServiceRequest.resource_spans
  }

  private void id(int field, long id) {
    int mark = out.written();
    out.fixedBigEndian(id);
    out.lengthDelimited(field, mark);
  }

  @Override
  public void string(String key, boolean asciiKey, String value) {
    int keyValue = out.written();
    out.stringField(1, value); // AnyValue.string_value
    out.lengthDelimited(2, keyValue);
    key(key, asciiKey);
    out.lengthDelimited(9, keyValue);
  }

  @Override
  public void integer(String key, long value) {
    int keyValue = out.written();
    out.varint(value); // AnyValue.int_value
    out.key(3, BackwardProtoBuffer.VARINT);
    out.lengthDelimited(2, keyValue);
    key(key, true);
    out.lengthDelimited(9, keyValue);
  }

  private void key(String key, boolean ascii) {
    if (ascii) {
      out.asciiField(1, key);
    } else {
      out.stringField(1, key);
    }
  }

  @Override
  public void status(int code, String message) {
    int status = out.written();
    out.varint(code);
    out.key(3, BackwardProtoBuffer.VARINT);
    if (hasText(message)) out.stringField(2, message);
    out.lengthDelimited(15, status);
  }

  static boolean hasText(String value) {
    return value != null && !value.isEmpty();
  }
}
