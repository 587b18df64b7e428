package dev.meshtrace.benchmarks;

/** Operation 3: read the same trace and span from W3C {@code traceparent}. Brave has no W3C codec. */
public class ExtractTraceparentBenchmark extends ExtractComparison {
  public ExtractTraceparentBenchmark() {
    super(Inputs.traceparent());
  }
}
