package dev.meshtrace.sampling;

/** Samples when the trace ID's lower 63 bits fall below a threshold: deterministic per trace. */
final class ProbabilitySampler extends Sampler {
  private final double probability;
  private final long threshold;

  ProbabilitySampler(double probability) {
    this.probability = probability;
    this.threshold = (long) (probability * Long.MAX_VALUE);
  }

  @Override
  public boolean isSampled(long traceId) {
    return (traceId & Long.MAX_VALUE) < threshold;
  }

  @Override
  public String toString() {
    return "probability(" + probability + ")";
  }
}
