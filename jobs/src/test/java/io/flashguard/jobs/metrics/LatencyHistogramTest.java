package io.flashguard.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType()
      .add("g", DataTypes.StringType).add("ms", DataTypes.LongType);

  @Test
  void ninetyFifthPercentileOfTwentyValuesIsTheNineteenth() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long value = 10; value <= 200; value += 10) {
      rows.add(row("g", "a", "ms", value));
    }
    Row result = percentiles(rows);
    // nearest rank: p50 -> rank 10 -> 100 ms; p95 -> rank ceil(19.0) = 19 -> 190 ms
    assertThat(result.<Long>getAs("x_samples")).as("samples").isEqualTo(20L);
    assertThat(result.<Long>getAs("x_p50_ms")).as("p50").isEqualTo(100L);
    assertThat(result.<Long>getAs("x_p95_ms")).as("p95").isEqualTo(190L);
  }

  @Test
  void valuesOffTheGridAreFlooredToTheirBucket() {
    Row result = percentiles(List.of(row("g", "a", "ms", 1234L), row("g", "a", "ms", 56_789L),
        row("g", "a", "ms", 123_456L)));
    // buckets: 10 ms below 10 s, 100 ms below 100 s, 1 s above
    assertThat(result.<Long>getAs("x_p50_ms")).as("56 789 ms in its 100 ms bucket").isEqualTo(56_700L);
    assertThat(result.<Long>getAs("x_p95_ms")).as("123 456 ms in its 1 s bucket").isEqualTo(123_000L);
  }

  @Test
  void rowsWithoutALatencyAreCarriedButNotSamples() {
    Map<String, Object> noLatency = row("g", "a", "ms", null);
    Row result = percentiles(List.of(row("g", "a", "ms", 100L), row("g", "a", "ms", 300L), noLatency, noLatency));
    assertThat(result.<Long>getAs("x_samples")).as("samples: the rows with a latency").isEqualTo(2L);
    assertThat(result.<Long>getAs("rows")).as("every row, carried").isEqualTo(4L);
    assertThat(result.<Long>getAs("x_p50_ms")).as("p50 of 100 and 300").isEqualTo(100L);
    assertThat(result.<Long>getAs("x_p95_ms")).as("p95 of 100 and 300").isEqualTo(300L);
  }

  @Test
  void mergedHistogramsGiveThePercentilesOfAllTheirValues() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long value = 10; value <= 200; value += 10) {
      rows.add(row("g", value % 20 == 0 ? "even" : "odd", "ms", value));
    }
    Row result = frame(SCHEMA, rows).groupBy(col("g")).agg(LatencyHistogram.of(col("ms")).as("h"))
        .agg(LatencyHistogram.merged(col("h")).as("h"))
        .select(LatencyHistogram.percentile(col("h"), 50).as("p50"), LatencyHistogram.percentile(col("h"), 95).as("p95"))
        .first();
    assertThat(result.<Long>getAs("p50")).as("p50 of both halves: rank 10 of 20").isEqualTo(100L);
    assertThat(result.<Long>getAs("p95")).as("p95 of both halves: rank 19 of 20").isEqualTo(190L);
  }

  @Test
  void histogramsCountTheSameWhenTheAggregationFallsBackToSorting() {
    // past this many groups in a task, Spark sorts the task's remaining rows and merges the
    // histograms it serialized; flashguard's sessions raise it, Spark's default is 128
    String threshold = "spark.sql.objectHashAggregate.sortBased.fallbackThreshold";
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long value = 10; value <= 200; value += 10) {
      rows.add(row("g", "group " + value % 30, "ms", value));
      rows.add(row("g", "all", "ms", value));
    }
    spark.conf().set(threshold, "1");
    try {
      Row all = frame(SCHEMA, rows).groupBy(col("g")).agg(LatencyHistogram.of(col("ms")).as("h"))
          .where(col("g").equalTo("all"))
          .select(LatencyHistogram.percentile(col("h"), 50).as("p50"), LatencyHistogram.percentile(col("h"), 95).as("p95"))
          .first();
      assertThat(all.<Long>getAs("p50")).as("p50 of 20 values, rank 10").isEqualTo(100L);
      assertThat(all.<Long>getAs("p95")).as("p95 of 20 values, rank 19").isEqualTo(190L);
    } finally {
      spark.conf().unset(threshold);
    }
  }

  @Test
  void aHistogramGrowsPastItsFirstSlotsAndKeepsEveryCount() {
    LatencyCounts counts = new LatencyCounts();
    for (long value = -500; value < 5_000; value++) {
      counts.add(LatencyHistogram.bucket(value), 1);
    }
    LatencyCounts copy = LatencyCounts.read(counts.toBytes());
    // 5 500 values in 550 buckets of ten; rank ceil(0.5 × 5 500) = 2 750 is the value 2 249
    assertThat(copy.percentile(50)).as("p50 after growing and a round trip").isEqualTo(2_240L);
    assertThat(copy.percentile(95)).as("p95: rank 5 225, the value 4 724").isEqualTo(4_720L);
    assertThat(new LatencyCounts().percentile(50)).as("no values, no percentile").isNull();
  }

  private Row percentiles(List<Map<String, Object>> rows) {
    return frame(SCHEMA, rows).groupBy(col("g"))
        .agg(count(col("ms")).as("x_samples"), count(lit(1)).as("rows"),
            LatencyHistogram.of(col("ms")).as("h"))
        .select(col("x_samples"), col("rows"), LatencyHistogram.percentile(col("h"), 50).as("x_p50_ms"),
            LatencyHistogram.percentile(col("h"), 95).as("x_p95_ms"))
        .first();
  }
}
