package io.flashguard.models.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.size;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.testing.SparkTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The distinct count of hashes against Spark's {@code size(collect_set(...))} and Java's own set. */
class DistinctHashesTest extends SparkTestBase {
  @Test
  void countsWhatASetOfBoxedValuesCountsThroughGrowthMergesAndSerialization() throws Exception {
    Random random = new Random(7);
    DistinctHashes.Hashes left = new DistinctHashes.Hashes();
    DistinctHashes.Hashes right = new DistinctHashes.Hashes();
    Set<Long> expected = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      // repeats, zero (the free slot's mark), and values that collide in the low bits
      long value = i % 7 == 0 ? 0L : i % 3 == 0 ? (long) random.nextInt(50) << 40 : random.nextLong() % 2_000;
      (i % 2 == 0 ? left : right).add(value);
      expected.add(value);
    }
    DistinctHashes.Hashes merged = roundTrip(left);
    merged.addAll(roundTrip(right));
    assertThat(merged.size()).as("distinct values, zero included").isEqualTo(expected.size());
    assertThat(roundTrip(new DistinctHashes.Hashes()).size()).as("an empty set").isZero();
  }

  @Test
  void countsPerGroupAsCollectSetDoesLeavingNullsOut() {
    List<Long> values = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      values.add(i % 10 == 0 ? null : i % 5 == 1 ? 0L : random.nextLong() % 3_000);
    }
    Dataset<Row> rows = spark.createDataset(values, Encoders.LONG()).toDF("hash")
        .withColumn("group", col("hash").isNull().or(col("hash").mod(13).equalTo(0)).cast("int"))
        .repartition(4);
    List<Row> counts = rows.groupBy("group")
        .agg(DistinctHashes.count(col("hash")).as("ours"), size(collect_set(col("hash"))).cast("long").as("spark"))
        .collectAsList();
    assertThat(counts).as("the two groups: nulls and multiples of 13, and the rest").hasSize(2);
    for (Row row : counts) {
      assertThat(row.<Long>getAs("ours")).as("group %s", row.<Object>getAs("group")).isEqualTo(row.<Long>getAs("spark"))
          .isPositive();
    }
  }

  private static DistinctHashes.Hashes roundTrip(DistinctHashes.Hashes hashes) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(hashes);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (DistinctHashes.Hashes) in.readObject();
    }
  }
}
