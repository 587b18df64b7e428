package dev.meshtrace.benchmarks;

/** Operation 1: read a 128-bit, sampled {@code X-B3-*} context with a parent span ID. */
public class ExtractB3MultiBenchmark extends ExtractB3Comparison {
  public ExtractB3MultiBenchmark() {
    super(Inputs.b3Multi(true));
  }
}
