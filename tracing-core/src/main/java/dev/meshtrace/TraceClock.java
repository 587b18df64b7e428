package dev.meshtrace;

/**
 * Wall time for the spans of one trace on this host: anchored to the epoch once, at the local root span, and
 * advanced by the monotonic clock after that, so a child never starts before its parent.
 */
final class TraceClock {
  private final Clock clock;
  private final long baseEpochMicros;
  private final long baseNanos;

  TraceClock(Clock clock) {
    this.clock = clock;
    this.baseEpochMicros = clock.epochMicros();
    this.baseNanos = clock.nanoTime();
  }

  long nowMicros() {
    return baseEpochMicros + (clock.nanoTime() - baseNanos) / 1_000L;
  }
}
