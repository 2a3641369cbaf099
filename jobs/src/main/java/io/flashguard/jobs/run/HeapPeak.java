package io.flashguard.jobs.run;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The most heap a stage kept: the heap in use right after each garbage collection, at its highest
 * since {@link #start()}. The heap's raw peak says little (the collector lets garbage fill the heap
 * before it runs); what survives a collection is what the stage holds, so this is what to size the
 * driver by. When no collection ran during the stage, the heap in use at its end stands in (an upper
 * bound). Stages run one after another, so a reset at a stage's start measures that stage.
 */
final class HeapPeak {
  private static final AtomicLong AFTER_GC = new AtomicLong();
  private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
      .collect(Collectors.toUnmodifiableSet());

  static {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                .filter(pool -> HEAP_POOLS.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
            AFTER_GC.accumulateAndGet(used, Math::max);
          }
        }, null, null);
      }
    }
  }

  private HeapPeak() {}

  static HeapPeak start() {
    AFTER_GC.set(0);
    return new HeapPeak();
  }

  long megabytes() {
    long kept = AFTER_GC.get();
    if (kept == 0) {
      kept = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
    return kept / (1024 * 1024);
  }
}
