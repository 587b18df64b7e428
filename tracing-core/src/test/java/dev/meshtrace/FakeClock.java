package dev.meshtrace;

/** A clock the test moves: wall time and the monotonic tick can be set apart, as NTP can make them drift. */
final class FakeClock implements Clock {
  long epochMicros = 1_700_000_000_000_000L;
  long nanoTime = 42_000_000_000L;

  /** Moves both readings forward. */
  FakeClock advanceMicros(long micros) {
    epochMicros += micros;
    nanoTime += micros * 1_000;
    return this;
  }

  @Override
  public long epochMicros() {
    return epochMicros;
  }

  @Override
  public long nanoTime() {
    return nanoTime;
  }
}
