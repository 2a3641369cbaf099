package io.flashguard.jobs.metrics;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Nearest-rank percentiles of latencies from a histogram: values are floored to 10 ms below 10 s,
 * to 100 ms below 100 s and to 1 s above, and counted per bucket; the p-th percentile is the
 * smallest bucket whose cumulative count reaches ceil(p × n). The answer is exact for values on the
 * bucket grid, within one bucket otherwise.
 *
 * <p>A histogram is a binary column: {@link #of} counts a column of milliseconds in the same
 * aggregation as a group's other measures (one pass over the rows, no sort of the values),
 * {@link #merged} adds histograms (an hour's into its day's), {@link #percentile} reads one. Its
 * bytes are this class's own and never published.
 */
final class LatencyHistogram {
  private static final UserDefinedFunction COUNTING = functions.udaf(new Counting(), Encoders.LONG());
  private static final UserDefinedFunction MERGING = functions.udaf(new Merging(), Encoders.BINARY());

  private LatencyHistogram() {}

  /** The histogram of {@code millis} over a group's rows (rows where it is null are not counted). */
  static Column of(Column millis) {
    return COUNTING.apply(millis);
  }

  /** The sum of a group's histograms. */
  static Column merged(Column histogram) {
    return MERGING.apply(histogram);
  }

  /** The p-th nearest-rank percentile of a histogram, ms; null when it counted nothing. */
  static Column percentile(Column histogram, int percent) {
    return functions.udf((byte[] counts) -> counts == null ? null : LatencyCounts.read(counts).percentile(percent),
        DataTypes.LongType).apply(histogram);
  }

  /** The bucket of a latency in milliseconds: its floor on the grid. */
  static long bucket(long millis) {
    long width = millis < 10_000 ? 10 : millis < 100_000 ? 100 : 1_000;
    return Math.floorDiv(millis, width) * width;
  }

  /** Shared by the two aggregations: a {@link LatencyCounts} buffer, finished as its bytes. */
  private abstract static class CountsAggregator<I> extends Aggregator<I, LatencyCounts, byte[]> {
    @Override
    public LatencyCounts zero() {
      return new LatencyCounts();
    }

    @Override
    public LatencyCounts merge(LatencyCounts left, LatencyCounts right) {
      left.addAll(right);
      return left;
    }

    @Override
    public byte[] finish(LatencyCounts histogram) {
      return histogram.toBytes();
    }

    @Override
    public Encoder<LatencyCounts> bufferEncoder() {
      return Encoders.javaSerialization(LatencyCounts.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
      return Encoders.BINARY();
    }
  }

  private static final class Counting extends CountsAggregator<Long> {
    @Override
    public LatencyCounts reduce(LatencyCounts histogram, Long millis) {
      if (millis != null) {
        histogram.add(bucket(millis), 1);
      }
      return histogram;
    }
  }

  private static final class Merging extends CountsAggregator<byte[]> {
    @Override
    public LatencyCounts reduce(LatencyCounts histogram, byte[] other) {
      if (other != null) {
        histogram.addAll(other);
      }
      return histogram;
    }
  }
}
