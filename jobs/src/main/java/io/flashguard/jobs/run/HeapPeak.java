package io.flashguard.jobs.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The JVM heap at its fullest since {@link #start()}: the sum of each heap pool's peak (young and old
 * generations), so an upper bound when the pools peaked at different moments. Stages run one after
 * another, so resetting the peaks at a stage's start measures that stage.
 */
final class HeapPeak {
  private final List<MemoryPoolMXBean> pools;

  private HeapPeak(List<MemoryPoolMXBean> pools) {
    this.pools = pools;
  }

  static HeapPeak start() {
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
        .toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    return new HeapPeak(heap);
  }

  long megabytes() {
    long bytes = pools.stream().filter(MemoryPoolMXBean::isValid)
        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    return bytes / (1024 * 1024);
  }
}
