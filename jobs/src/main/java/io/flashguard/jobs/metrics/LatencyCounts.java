package io.flashguard.jobs.metrics;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A latency histogram's counts per bucket ({@link LatencyHistogram}): an open-addressing map from
 * bucket to count, each bucket beside its count in one array (a lookup reads one place in memory,
 * not two); a count of 0 marks a free slot. Public only because Spark's encoder of an
 * aggregation's buffer requires a public class.
 */
public final class LatencyCounts implements Externalizable {
  private long[] slots = new long[2 * 64];
  private int size;

  /** For serialization; and an empty histogram. */
  public LatencyCounts() {}

  void add(long bucket, long count) {
    if (count == 0) {
      return;
    }
    int slot = slot(bucket);
    if (slots[slot + 1] == 0) {
      slots[slot] = bucket;
      if (++size * 4 > slots.length) {
        slots[slot + 1] = count;
        grow();
        return;
      }
    }
    slots[slot + 1] += count;
  }

  void addAll(LatencyCounts other) {
    for (int i = 0; i < other.slots.length; i += 2) {
      if (other.slots[i + 1] != 0) {
        add(other.slots[i], other.slots[i + 1]);
      }
    }
  }

  /** Nearest rank: the smallest bucket whose cumulative count reaches ceil(percent / 100 × n). */
  Long percentile(int percent) {
    long[] sorted = sortedBuckets();
    long total = 0;
    for (long bucket : sorted) {
      total += count(bucket);
    }
    if (total == 0) {
      return null;
    }
    long rank = (total * percent + 99) / 100;
    long cumulative = 0;
    for (long bucket : sorted) {
      cumulative += count(bucket);
      if (cumulative >= rank) {
        return bucket;
      }
    }
    throw new IllegalStateException("rank " + rank + " beyond " + total + " values");
  }

  /** Buckets in ascending order, each followed by its count. */
  byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + size * 2 * Long.BYTES).putInt(size);
    for (long bucket : sortedBuckets()) {
      out.putLong(bucket).putLong(count(bucket));
    }
    return out.array();
  }

  /** The histogram {@link #toBytes} wrote. */
  static LatencyCounts read(byte[] bytes) {
    LatencyCounts histogram = new LatencyCounts();
    histogram.addAll(bytes);
    return histogram;
  }

  /** Adds the counts of the histogram {@link #toBytes} wrote. */
  void addAll(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    for (int i = in.getInt(); i > 0; i--) {
      add(in.getLong(), in.getLong());
    }
  }

  @Override
  public void writeExternal(ObjectOutput out) throws IOException {
    byte[] bytes = toBytes();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public void readExternal(ObjectInput in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    addAll(bytes);
  }

  private long count(long bucket) {
    return slots[slot(bucket) + 1];
  }

  private long[] sortedBuckets() {
    long[] sorted = new long[size];
    int next = 0;
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i + 1] != 0) {
        sorted[next++] = slots[i];
      }
    }
    Arrays.sort(sorted);
    return sorted;
  }

  /** The index of the slot holding {@code bucket}, or of the free slot where it belongs. */
  private int slot(long bucket) {
    int mask = slots.length / 2 - 1;
    int slot = (int) ((bucket * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    while (slots[2 * slot + 1] != 0 && slots[2 * slot] != bucket) {
      slot = (slot + 1) & mask;
    }
    return 2 * slot;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    size = 0;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i + 1] != 0) {
        add(old[i], old[i + 1]);
      }
    }
  }
}
