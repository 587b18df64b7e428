package dev.meshtrace.http.conformance;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The executors the suite hands to adapters. With the system property {@value #VIRTUAL_THREADS} set to
 * {@code true} (on JDK 21 and later) every task runs on a virtual thread of its own; otherwise one platform thread
 * runs them all, so a context left behind by one task is seen by the next.
 */
public final class ConformanceExecutors {
  /** The system property that switches the suite to virtual threads. */
  public static final String VIRTUAL_THREADS = "meshtrace.test.virtualThreads";

  private ConformanceExecutors() {}

  /** Whether the suite runs on virtual threads. */
  public static boolean virtualThreads() {
    return Boolean.getBoolean(VIRTUAL_THREADS);
  }

  /** A new executor: one per task on virtual threads, else a single daemon thread. */
  public static ExecutorService newExecutor() {
    if (virtualThreads()) {
      try {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
      } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(VIRTUAL_THREADS + "=true needs JDK 21 or later", e);
      }
    }
    return Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "conformance-pool");
      thread.setDaemon(true);
      return thread;
    });
  }
}
