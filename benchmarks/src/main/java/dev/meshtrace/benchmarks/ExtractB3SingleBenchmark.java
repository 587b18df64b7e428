package dev.meshtrace.benchmarks;

/** Operation 2: read the same context from the single {@code b3} header. */
public class ExtractB3SingleBenchmark extends ExtractB3Comparison {
  public ExtractB3SingleBenchmark() {
    super(Inputs.b3Single());
  }
}
