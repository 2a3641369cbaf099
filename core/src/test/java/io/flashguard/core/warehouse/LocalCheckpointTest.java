package io.flashguard.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.testing.SparkTestBase;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.util.LongAccumulator;
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

  @Test
  void onDiskComputesTheRowsOnceWhenFirstReadAndKeepsThemOnlyOnDisk() {
    LongAccumulator computed = spark.sparkContext().longAccumulator("rows computed");
    Dataset<Row> source = spark.range(100)
        .map((MapFunction<Long, Long>) n -> {
          computed.add(1);
          return n;
        }, Encoders.LONG())
        .toDF("n");
    Set<Object> before = persistentRdds();

    Dataset<Row> kept = LocalCheckpoint.onDisk(source);

    assertThat(computed.value()).as("nothing computed before a job reads the rows").isZero();
    assertThat(kept.count()).as("rows kept").isEqualTo(100);
    assertThat(kept.where("n >= 50").count()).as("a second read").isEqualTo(50);
    assertThat(computed.value()).as("computed once, by the first job").isEqualTo(100L);
    Set<Object> added = new HashSet<>(persistentRdds());
    added.removeAll(before);
    assertThat(added).as("a new persisted RDD holds the rows").hasSize(1);
    RDDInfo info = java.util.Arrays.stream(spark.sparkContext().getRDDStorageInfo())
        .filter(rdd -> added.contains(rdd.id())).findFirst().orElseThrow();
    assertThat(info.diskSize()).as("on disk").isPositive();
    assertThat(info.memSize()).as("not in memory").isZero();

    LocalCheckpoint.release(kept);

    assertThat(persistentRdds()).as("released").doesNotContainAnyElementsOf(added);
  }

  private Set<Object> persistentRdds() {
    return Set.copyOf(scala.jdk.javaapi.CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs()).keySet());
  }
}
