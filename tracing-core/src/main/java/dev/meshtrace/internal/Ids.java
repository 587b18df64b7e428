package dev.meshtrace.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Random non-zero IDs from a per-thread generator, so there is no contention between threads. */
public final class Ids {
  private Ids() {}

  /** A random non-zero 64-bit ID. */
  public static long nextId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0L);
    return id;
  }
}
