package dev.meshtrace.jdk.httpclient;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Calls the lifecycle methods JDK 21 added to {@link HttpClient} ({@code shutdown}, {@code shutdownNow},
 * {@code awaitTermination}, {@code isTerminated}, {@code close}) on a wrapped client, found once by name; on an
 * older JDK they are absent and nothing is called.
 */
final class ClientLifecycle {
  private static final Map<String, MethodHandle> METHODS = new HashMap<>();

  static {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    find(lookup, "shutdown", MethodType.methodType(void.class));
    find(lookup, "shutdownNow", MethodType.methodType(void.class));
    find(lookup, "close", MethodType.methodType(void.class));
    find(lookup, "isTerminated", MethodType.methodType(boolean.class));
    find(lookup, "awaitTermination", MethodType.methodType(boolean.class, Duration.class));
  }

  private ClientLifecycle() {}

  private static void find(MethodHandles.Lookup lookup, String name, MethodType type) {
    try {
      METHODS.put(name, lookup.findVirtual(HttpClient.class, name, type));
    } catch (NoSuchMethodException | IllegalAccessException absentBefore21) {
      // nothing to forward on this JDK
    }
  }

  /** Calls the no-argument method {@code name} on {@code client}; null when this JDK has none. */
  static Object invoke(HttpClient client, String name) {
    MethodHandle method = METHODS.get(name);
    if (method == null) return null;
    try {
      return method.invoke(client);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  static boolean awaitTermination(HttpClient client, Duration duration) throws InterruptedException {
    MethodHandle method = METHODS.get("awaitTermination");
    if (method == null) return false;
    try {
      return (boolean) method.invoke(client, duration);
    } catch (InterruptedException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
