package dev.meshtrace.sampling;

/**
 * Decides whether a new trace is sampled. Only consulted when no decision arrived with the request: an upstream
 * decision is always respected.
 */
public abstract class Sampler {
  /** Samples every trace. */
  public static final Sampler ALWAYS = new Sampler() {
    @Override
    public boolean isSampled(long traceId) {
      return true;
    }

    @Override
    public String toString() {
      return "ALWAYS";
    }
  };

  /** Samples no trace. */
  public static final Sampler NEVER = new Sampler() {
    @Override
    public boolean isSampled(long traceId) {
      return false;
    }

    @Override
    public String toString() {
      return "NEVER";
    }
  };

  /** Decides for the trace whose lower 64 trace ID bits are {@code traceId}. */
  public abstract boolean isSampled(long traceId);

  /**
   * Samples the given fraction of traces, decided from the trace ID so every service that uses the same
   * probability makes the same choice for a trace.
   *
   * @throws IllegalArgumentException when {@code probability} is not within 0.0 to 1.0
   */
  public static Sampler probability(double probability) {
    if (!(probability >= 0.0 && probability <= 1.0)) {
      throw new IllegalArgumentException("sampling probability must be between 0.0 and 1.0, was " + probability);
    }
    if (probability == 0.0) return NEVER;
    if (probability == 1.0) return ALWAYS;
    return new ProbabilitySampler(probability);
  }

  /**
   * Samples at most {@code tracesPerSecond} new traces per second on average, spread smoothly over the second
   * (a burst takes at most a tenth of a second's worth at once).
   *
   * @throws IllegalArgumentException when {@code tracesPerSecond} is negative or not finite
   */
  public static Sampler rateLimited(double tracesPerSecond) {
    if (!(tracesPerSecond >= 0.0) || Double.isInfinite(tracesPerSecond)) {
      throw new IllegalArgumentException("sampling rate must be a non-negative number, was " + tracesPerSecond);
    }
    if (tracesPerSecond == 0.0) return NEVER;
    return new RateLimitingSampler(tracesPerSecond, System::nanoTime);
  }
}
