package dev.meshtrace;

import java.time.Instant;

/** Time source for spans: wall-clock epoch microseconds, plus a monotonic tick for durations. */
public interface Clock {
  /** Wall-clock time in microseconds since the epoch. */
  long epochMicros();

  /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** The system clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /** The system clock, with microsecond wall time where the JDK offers it. */
  enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long epochMicros() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }
  }
}
