package dev.meshtrace.sampling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A lock-free token bucket: one token every {@code 1/rate} seconds, holding at most a tenth of a second's worth
 * (at least one), so sampling is spread across the second rather than spent at its start.
 */
final class RateLimitingSampler extends Sampler {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double tracesPerSecond;
  private final long nanosPerToken;
  private final long burstNanos;
  private final LongSupplier nanoTime;
  /** The time at which the bucket would be empty; tokens are the distance from now to it, in token intervals. */
  private final AtomicLong emptyAt;

  RateLimitingSampler(double tracesPerSecond, LongSupplier nanoTime) {
    this.tracesPerSecond = tracesPerSecond;
    this.nanosPerToken = Math.max(1L, (long) (NANOS_PER_SECOND / tracesPerSecond));
    this.burstNanos = Math.max(nanosPerToken, NANOS_PER_SECOND / 10);
    this.nanoTime = nanoTime;
    this.emptyAt = new AtomicLong(nanoTime.getAsLong() - burstNanos);
  }

  @Override
  public boolean isSampled(long traceId) {
    long now = nanoTime.getAsLong();
    while (true) {
      long current = emptyAt.get();
      long start = Math.max(current, now - burstNanos);
      long next = start + nanosPerToken;
      if (next - now > 0) return false;
      if (emptyAt.compareAndSet(current, next)) return true;
    }
  }

  @Override
  public String toString() {
    return "rateLimited(" + tracesPerSecond + "/s)";
  }
}
