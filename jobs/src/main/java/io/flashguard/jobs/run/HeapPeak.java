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
 * The most heap a stage kept: the heap in use right after each full garbage collection, at its
 * highest since {@link #start()}. The heap's raw peak says little (the collector lets garbage fill the
 * heap before it runs), and neither does the heap after a young collection: the old generation keeps
 * its garbage until a full collection, so that figure climbs towards the heap's size in any long
 * stage. What survives a full collection is what the stage holds, so this is what to size the driver
 * by. When no full collection ran during the stage (its garbage never filled the old generation), the
 * heap after its young collections stands in, and when none ran at all, the heap in use at its end:
 * upper bounds either way. Stages run one after another, so a reset at a stage's start measures that
 * stage.
 */
final class HeapPeak {
  private static final AtomicLong AFTER_FULL_GC = new AtomicLong();
  private static final AtomicLong AFTER_ANY_GC = new AtomicLong();
  /** What {@link GarbageCollectionNotificationInfo#getGcAction()} says of a full collection (HotSpot's wording). */
  private static final String FULL_GC = "end of major GC";
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
            record(info.getGcAction(), used);
          }
        }, null, null);
      }
    }
  }

  private HeapPeak() {}

  /** Takes in the heap in use ({@code usedBytes}) after a collection that {@code gcAction} names. */
  static void record(String gcAction, long usedBytes) {
    AFTER_ANY_GC.accumulateAndGet(usedBytes, Math::max);
    if (FULL_GC.equals(gcAction)) {
      AFTER_FULL_GC.accumulateAndGet(usedBytes, Math::max);
    }
  }

  static HeapPeak start() {
    AFTER_FULL_GC.set(0);
    AFTER_ANY_GC.set(0);
    return new HeapPeak();
  }

  long megabytes() {
    long kept = AFTER_FULL_GC.get();
    if (kept == 0) {
      kept = AFTER_ANY_GC.get();
    }
    if (kept == 0) {
      kept = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
    return kept / (1024 * 1024);
  }
}
