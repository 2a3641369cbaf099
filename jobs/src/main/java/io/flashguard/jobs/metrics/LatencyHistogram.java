package io.flashguard.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Nearest-rank percentiles of latencies from a histogram: values are floored to 10 ms below 10 s,
 * to 100 ms below 100 s and to 1 s above, counted per group and bucket, and the p-th percentile is
 * the smallest bucket whose cumulative count reaches ceil(p × n). Bucket counts add up, so hourly
 * histograms roll up into daily ones, and the cost is a hash aggregation rather than a sort or
 * sketch per group; the answer is exact for values on the bucket grid, within one bucket otherwise.
 */
final class LatencyHistogram {
  static final String BUCKET = "bucket_ms";

  private LatencyHistogram() {}

  /** The bucket of a latency in milliseconds (null stays null). */
  static Column bucket(Column millis) {
    return when(millis.lt(10_000), floor(millis.divide(10)).multiply(10))
        .when(millis.lt(100_000), floor(millis.divide(100)).multiply(100))
        .otherwise(floor(millis.divide(1_000)).multiply(1_000)).cast("long");
  }

  /**
   * Per group: {@code <name>_samples}, {@code <name>_p50_ms}, {@code <name>_p95_ms} from rows with
   * columns {@code keys}, {@link #BUCKET} ({@link #bucket} of the latencies, null for rows without
   * one) and {@code count} (the rows of the input in that bucket), one row per group and bucket;
   * with them the aggregates {@code carried} over each group's rows.
   */
  static Dataset<Row> percentiles(Dataset<Row> counts, List<String> keys, String name, String count,
      List<Column> carried) {
    Column[] keyColumns = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    WindowSpec group = Window.partitionBy(keyColumns);
    WindowSpec running = group.orderBy(col(BUCKET))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column samples = when(col(BUCKET).isNotNull(), col(count)).otherwise(0L);
    Dataset<Row> cumulative = counts
        .withColumn("_n", sum(samples).over(group))
        .withColumn("_cum", sum(samples).over(running));
    List<Column> aggregates = new ArrayList<>(carried);
    aggregates.add(min(when(col("_cum").geq(rank(50)).and(col(BUCKET).isNotNull()), col(BUCKET))).as(name + "_p50_ms"));
    aggregates.add(min(when(col("_cum").geq(rank(95)).and(col(BUCKET).isNotNull()), col(BUCKET))).as(name + "_p95_ms"));
    return cumulative.groupBy(keyColumns).agg(min(col("_n")).as(name + "_samples"), aggregates.toArray(new Column[0]));
  }

  /** ceil(percent / 100 × n) in integer arithmetic, so 95% of 20 is exactly rank 19. */
  private static Column rank(int percent) {
    return floor(col("_n").multiply(percent).plus(99).divide(100));
  }
}
