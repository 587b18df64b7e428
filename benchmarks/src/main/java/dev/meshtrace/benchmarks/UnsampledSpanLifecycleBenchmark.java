package dev.meshtrace.benchmarks;

import dev.meshtrace.Span;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Operation 8: operation 7 for a request whose caller decided not to sample ({@code x-b3-sampled: 0}): the cost of
 * tracing a request that is not recorded. Nothing may be reported.
 */
public class UnsampledSpanLifecycleBenchmark extends LifecycleFixture {
  public UnsampledSpanLifecycleBenchmark() {
    super(false);
  }

  @Benchmark
  public Span meshtrace() {
    return ScopedSpanLifecycleBenchmark.meshtraceScoped(this);
  }

  @Benchmark
  public brave.Span brave() {
    return ScopedSpanLifecycleBenchmark.braveScoped(this);
  }

  @Benchmark
  public io.opentelemetry.api.trace.Span otel() {
    return ScopedSpanLifecycleBenchmark.otelScoped(this);
  }
}
