package dev.meshtrace.benchmarks;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/** Span handlers that only count finished spans, one per library, so no exporter cost enters the figures. */
final class CountingHandlers {
  private CountingHandlers() {}

  /** Counts the spans meshtrace reports. */
  static final class Meshtrace implements dev.meshtrace.SpanHandler {
    long count;

    @Override
    public boolean end(dev.meshtrace.TraceContext context, dev.meshtrace.MutableSpan span) {
      count++;
      return true;
    }
  }

  /** Counts the spans Brave reports. */
  static final class Brave extends brave.handler.SpanHandler {
    long count;

    @Override
    public boolean end(brave.propagation.TraceContext context, brave.handler.MutableSpan span, Cause cause) {
      count++;
      return true;
    }
  }

  /** Counts the spans the OpenTelemetry SDK ends. */
  static final class Otel implements SpanProcessor {
    long count;

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      count++;
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }
}
