package io.flashguard.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
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

  private Row percentiles(List<Map<String, Object>> rows) {
    Dataset<Row> counts = frame(SCHEMA, rows)
        .groupBy(col("g"), LatencyHistogram.bucket(col("ms")).as(LatencyHistogram.BUCKET))
        .agg(count(lit(1)).as("n"));
    return LatencyHistogram.percentiles(counts, List.of("g"), "x", "n", List.of(sum("n").as("rows"))).first();
  }
}
