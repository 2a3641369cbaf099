package io.flashguard.models.features;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;

/**
 * The number of different 64-bit hashes in a group, nulls left out: what
 * {@code size(collect_set(hash))} says, kept in a set of primitive longs ({@link Hashes}) instead of
 * Spark's set of boxed values, whose boxing, node objects and equality checks showed in score's
 * profile; the window features took 0.90x the task time at a million verifications a day
 * (docs/benchmarks.md, "the window features' distinct counts in sets of longs").
 */
final class DistinctHashes extends Aggregator<Long, DistinctHashes.Hashes, Long> {
  private static final UserDefinedFunction COUNT = functions.udaf(new DistinctHashes(), Encoders.LONG());

  private DistinctHashes() {}

  /** The number of different non-null values of {@code hash} in the group; 0 when there are none. */
  static Column count(Column hash) {
    return COUNT.apply(hash);
  }

  @Override
  public Hashes zero() {
    return new Hashes();
  }

  @Override
  public Hashes reduce(Hashes hashes, Long hash) {
    if (hash != null) {
      hashes.add(hash);
    }
    return hashes;
  }

  @Override
  public Hashes merge(Hashes left, Hashes right) {
    left.addAll(right);
    return left;
  }

  @Override
  public Long finish(Hashes hashes) {
    return (long) hashes.size();
  }

  @Override
  public Encoder<Hashes> bufferEncoder() {
    return Encoders.javaSerialization(Hashes.class);
  }

  @Override
  public Encoder<Long> outputEncoder() {
    return Encoders.LONG();
  }

  /**
   * A set of longs by open addressing: 0 marks a free slot, so the value 0 is a flag of its own.
   * Spark keeps it, between an aggregation's two phases, by Java's serialization of an {@link
   * Externalizable}, which needs the public constructor without arguments.
   */
  public static final class Hashes implements Externalizable {
    private static final int INITIAL_SLOTS = 16;
    private long[] slots = new long[INITIAL_SLOTS];
    private boolean hasZero;
    private int size;

    /** For serialization; and an empty set. */
    public Hashes() {}

    void add(long value) {
      if (value == 0) {
        if (!hasZero) {
          hasZero = true;
          size++;
        }
        return;
      }
      int mask = slots.length - 1;
      int slot = spread(value) & mask;
      while (slots[slot] != 0) {
        if (slots[slot] == value) {
          return;
        }
        slot = (slot + 1) & mask;
      }
      slots[slot] = value;
      if (++size * 2 > slots.length) {
        grow();
      }
    }

    int size() {
      return size;
    }

    void addAll(Hashes other) {
      if (other.hasZero) {
        add(0);
      }
      for (long value : other.slots) {
        if (value != 0) {
          add(value);
        }
      }
    }

    /** The hashes are xxhash64's, well mixed already; the multiply keeps a poor one from clustering. */
    private static int spread(long value) {
      return (int) ((value * 0x9E3779B97F4A7C15L) >>> 32);
    }

    private void grow() {
      long[] old = slots;
      slots = new long[old.length * 2];
      size = hasZero ? 1 : 0;
      for (long value : old) {
        if (value != 0) {
          add(value);
        }
      }
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
      out.writeBoolean(hasZero);
      out.writeInt(hasZero ? size - 1 : size);
      for (long value : slots) {
        if (value != 0) {
          out.writeLong(value);
        }
      }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
      boolean zero = in.readBoolean();
      int values = in.readInt();
      slots = new long[Math.max(INITIAL_SLOTS, Integer.highestOneBit(Math.max(1, values) * 4))];
      hasZero = zero;
      size = zero ? 1 : 0;
      for (int i = 0; i < values; i++) {
        add(in.readLong());
      }
    }
  }
}
