package io.flashguard.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which collections a stage's heap figure comes from. The figures recorded here are far above any
 * heap a test JVM has, so the collections the JVM runs meanwhile cannot be the maximum.
 */
class HeapPeakTest {
  private static final long GB = 1L << 30;

  @Test
  void theHeapAfterFullCollectionsIsKeptAndTheYoungCollectionsOldGarbageIsNot() {
    HeapPeak heap = HeapPeak.start();
    HeapPeak.record("end of minor GC", 900 * GB);
    HeapPeak.record("end of major GC", 700 * GB);
    HeapPeak.record("end of major GC", 500 * GB);
    assertThat(heap.megabytes()).as("the most a full collection left").isEqualTo(700 * 1024);
  }

  @Test
  void withoutAFullCollectionTheYoungCollectionsStandIn() {
    HeapPeak heap = HeapPeak.start();
    HeapPeak.record("end of minor GC", 600 * GB);
    HeapPeak.record("end of minor GC", 800 * GB);
    assertThat(heap.megabytes()).as("an upper bound: after the young collections").isEqualTo(800 * 1024);
  }
}
