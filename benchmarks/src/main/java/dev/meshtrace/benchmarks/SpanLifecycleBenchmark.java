package dev.meshtrace.benchmarks;

import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import org.openjdk.jmh.annotations.Benchmark;

/** Operation 6: a sampled server span, child of a remote parent: name, kind, three tags, finish. */
public class SpanLifecycleBenchmark extends LifecycleFixture {
  public SpanLifecycleBenchmark() {
    super(true);
  }

  @Benchmark
  public Span meshtrace() {
    Span span = meshtraceTracer.nextSpan(meshtraceParent).name(NAME).kind(SpanKind.SERVER).start();
    span.tag(METHOD, "GET").tag(PATH, "/api/items").tag(STATUS, "200");
    span.finish();
    return span;
  }

  @Benchmark
  public brave.Span brave() {
    brave.Span span = braveTracer.nextSpan(braveParent).name(NAME).kind(brave.Span.Kind.SERVER).start();
    span.tag(METHOD, "GET").tag(PATH, "/api/items").tag(STATUS, "200");
    span.finish();
    return span;
  }

  @Benchmark
  public io.opentelemetry.api.trace.Span otel() {
    io.opentelemetry.api.trace.Span span = otelTracer.spanBuilder(NAME).setParent(otelParent)
        .setSpanKind(io.opentelemetry.api.trace.SpanKind.SERVER).startSpan();
    span.setAttribute(OTEL_METHOD, "GET").setAttribute(OTEL_PATH, "/api/items").setAttribute(OTEL_STATUS, "200");
    span.end();
    return span;
  }
}
