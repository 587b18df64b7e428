package dev.meshtrace.diagnostics;

import java.util.function.LongSupplier;

/**
 * Told of each adapter and destination orphan calls are counted under, once, when the first is counted; for example
 * to publish the count as a meter. Registered with {@code Tracing.addOrphanCallListener}.
 */
@FunctionalInterface
public interface OrphanCallListener {
  /**
   * Orphan calls through {@code adapter} to {@code host} (as in {@link OrphanCallCount}) are now counted; {@code count}
   * reads their number at any time. Called on the thread of the call; must return quickly and not throw.
   */
  void destinationAdded(String adapter, String host, LongSupplier count);
}
