package dev.meshtrace.benchmarks.requestpath;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Bytes the whole JVM allocated since it started, every thread included, even threads that have ended (the JDK's
 * HTTP client starts one per call on a 2-core machine, and a per-thread count forgets what they allocated): what
 * the young generation's eden took in, that is, what each collection found in it plus what it holds now. Objects
 * too large for eden are not counted; none of the service's are.
 */
final class AllocatedBytes {
  private final MemoryPoolMXBean eden;
  private final AtomicLong collected = new AtomicLong();

  private AllocatedBytes(MemoryPoolMXBean eden) {
    this.eden = eden;
  }

  static AllocatedBytes start() {
    MemoryPoolMXBean eden = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getName().contains("Eden")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no eden pool: use a generational collector (G1)"));
    AllocatedBytes allocated = new AllocatedBytes(eden);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        MemoryUsage before = info.getMemoryUsageBeforeGc().get(eden.getName());
        MemoryUsage after = info.getMemoryUsageAfterGc().get(eden.getName());
        if (before != null && after != null) allocated.collected.addAndGet(before.getUsed() - after.getUsed());
      }, null, null);
    }
    return allocated;
  }

  /** Approximate to G1's region size (eden's use is counted in whole regions): read it over many requests. */
  long total() {
    return collected.get() + eden.getUsage().getUsed();
  }
}
