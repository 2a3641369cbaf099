package io.flashguard.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.testing.SparkTestBase;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LocalCheckpointTest extends SparkTestBase {
  @Test
  void aCheckpointKeepsTheRowsWithoutTheirPlanAndReleaseFreesThem() {
    Dataset<Row> source = spark.range(100).toDF("n").where("n % 2 = 0");
    Set<Object> before = persistentRdds();

    Dataset<Row> kept = LocalCheckpoint.of(source);

    assertThat(kept.count()).as("rows kept").isEqualTo(50);
    assertThat(((org.apache.spark.sql.classic.Dataset<Row>) kept).logicalPlan().toString())
        .as("no filter left in the plan").doesNotContain("Filter");
    Set<Object> added = new HashSet<>(persistentRdds());
    added.removeAll(before);
    assertThat(added).as("a new persisted RDD holds the rows").hasSize(1);

    LocalCheckpoint.release(kept);

    assertThat(persistentRdds()).as("released").doesNotContainAnyElementsOf(added);
    LocalCheckpoint.release(source); // not a checkpoint: nothing to do, no error
  }

  private Set<Object> persistentRdds() {
    return Set.copyOf(scala.jdk.javaapi.CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs()).keySet());
  }
}
