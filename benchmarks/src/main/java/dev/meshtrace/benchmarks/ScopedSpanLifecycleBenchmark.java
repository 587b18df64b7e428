package dev.meshtrace.benchmarks;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Operation 7: operation 6 with the span made current while the tags are added (as a request handler runs), the
 * scope closed, then the span finished.
 */
public class ScopedSpanLifecycleBenchmark extends LifecycleFixture {
  public ScopedSpanLifecycleBenchmark() {
    super(true);
  }

  @Benchmark
  public Span meshtrace() {
    return meshtraceScoped(this);
  }

  @Benchmark
  public brave.Span brave() {
    return braveScoped(this);
  }

  @Benchmark
  public io.opentelemetry.api.trace.Span otel() {
    return otelScoped(this);
  }

  @SuppressWarnings("try") // the scope is only opened and closed
  static Span meshtraceScoped(LifecycleFixture fixture) {
    Span span = fixture.meshtraceTracer.nextSpan(fixture.meshtraceParent).name(NAME).kind(SpanKind.SERVER).start();
    try (Scope scope = fixture.meshtraceTracer.withSpanInScope(span)) {
      span.tag(METHOD, "GET").tag(PATH, "/api/items").tag(STATUS, "200");
    }
    span.finish();
    return span;
  }

  @SuppressWarnings("try") // the scope is only opened and closed
  static brave.Span braveScoped(LifecycleFixture fixture) {
    brave.Span span = fixture.braveTracer.nextSpan(fixture.braveParent).name(NAME).kind(brave.Span.Kind.SERVER).start();
    try (brave.Tracer.SpanInScope scope = fixture.braveTracer.withSpanInScope(span)) {
      span.tag(METHOD, "GET").tag(PATH, "/api/items").tag(STATUS, "200");
    }
    span.finish();
    return span;
  }

  @SuppressWarnings("try") // the scope is only opened and closed
  static io.opentelemetry.api.trace.Span otelScoped(LifecycleFixture fixture) {
    io.opentelemetry.api.trace.Span span = fixture.otelTracer.spanBuilder(NAME).setParent(fixture.otelParent)
        .setSpanKind(io.opentelemetry.api.trace.SpanKind.SERVER).startSpan();
    try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
      span.setAttribute(OTEL_METHOD, "GET").setAttribute(OTEL_PATH, "/api/items").setAttribute(OTEL_STATUS, "200");
    }
    span.end();
    return span;
  }
}
