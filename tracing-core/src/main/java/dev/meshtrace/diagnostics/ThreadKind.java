package dev.meshtrace.diagnostics;

/** What kind of thread an orphan call was made on, which decides the fix. */
public enum ThreadKind {
  /** A virtual thread (JDK 21 and later). */
  VIRTUAL,
  /** A worker of a thread pool: an executor, the fork-join pool, a server's or an event loop's threads. */
  POOLED,
  /** A platform thread the application created and started itself. */
  NEW,
  /** Any other thread, such as {@code main}. */
  OTHER
}
