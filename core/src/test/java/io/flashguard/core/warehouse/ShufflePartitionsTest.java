package io.flashguard.core.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShufflePartitionsTest extends SparkTestBase {
  private static final WarehouseTable TABLE = new WarehouseTable("t", new StructType()
      .add("id", DataTypes.LongType).add("payload", DataTypes.StringType).add(WarehouseTable.DATE, DataTypes.DateType));
  private static final LocalDate D1 = LocalDate.parse("2026-11-02");
  private static final LocalDate D2 = LocalDate.parse("2026-11-03");

  @TempDir
  Path temp;

  @AfterEach
  void unsetBytesPerPartition() {
    spark.conf().unset(ShufflePartitions.BYTES_PER_PARTITION_SETTING);
  }

  @Test
  void aStageReadingMoreThanTheSessionsPartitionsHoldShufflesIntoMoreAndTheSettingComesBack() throws IOException {
    Warehouse warehouse = warehouseWithTwoDates();
    Dataset<Row> day = warehouse.read(spark, TABLE, D1, D1);
    long dayBytes = fileBytes(temp.resolve("t").resolve("date=" + D1));
    String configured = spark.conf().get(ShufflePartitions.SETTING);
    // a partition per fifth of the day's files: five partitions, more than the tests' two
    spark.conf().set(ShufflePartitions.BYTES_PER_PARTITION_SETTING, Long.toString((dayBytes + 4) / 5));

    int shuffled = ShufflePartitions.sizedBy(spark,
        () -> day.groupBy("payload").count().javaRDD().getNumPartitions(), day);

    assertThat(configured).as("the tests' session").isEqualTo("2");
    assertThat(shuffled).as("partitions of a shuffle inside the stage").isEqualTo(5);
    assertThat(spark.conf().get(ShufflePartitions.SETTING)).as("the session's setting afterwards").isEqualTo(configured);
  }

  @Test
  void theInputIsTheFilesOfTheDatesReadNotTheWholeTable() throws IOException {
    Warehouse warehouse = warehouseWithTwoDates();
    long dayBytes = fileBytes(temp.resolve("t").resolve("date=" + D1));
    long tableBytes = dayBytes + fileBytes(temp.resolve("t").resolve("date=" + D2));

    assertThat(ShufflePartitions.inputBytes(warehouse.read(spark, TABLE, D1, D1))).as("one date").isEqualTo(dayBytes);
    assertThat(ShufflePartitions.inputBytes(warehouse.read(spark, TABLE))).as("the table").isEqualTo(tableBytes);
    Dataset<Row> day = warehouse.read(spark, TABLE, D1, D1);
    assertThat(ShufflePartitions.inputBytes(day.join(day.select(col("id")), "id"), day))
        .as("a date read twice by one query, and by another, counts once").isEqualTo(dayBytes);
    assertThat(ShufflePartitions.inputBytes(day.join(warehouse.read(spark, TABLE).select(col("id")), "id")))
        .as("a date and the whole table: two sets of files").isEqualTo(dayBytes + tableBytes);
  }

  @Test
  void aFewBytesOrRowsAlreadyKeptKeepTheSessionsPartitions() throws IOException {
    Warehouse warehouse = warehouseWithTwoDates();
    spark.conf().set(ShufflePartitions.BYTES_PER_PARTITION_SETTING, "1");
    Dataset<Row> checkpointed = LocalCheckpoint.of(warehouse.read(spark, TABLE));
    try {
      int shuffled = ShufflePartitions.sizedBy(spark,
          () -> checkpointed.groupBy("payload").count().javaRDD().getNumPartitions(), checkpointed);
      assertThat(shuffled).as("a checkpoint, rows already kept, counts nothing").isEqualTo(2);
    } finally {
      LocalCheckpoint.release(checkpointed);
    }
    spark.conf().unset(ShufflePartitions.BYTES_PER_PARTITION_SETTING);
    Dataset<Row> day = warehouse.read(spark, TABLE, D1, D1);
    assertThat(ShufflePartitions.sizedBy(spark, () -> day.groupBy("payload").count().javaRDD().getNumPartitions(), day))
        .as("a few kilobytes, far below 64 MB a partition").isEqualTo(2);
  }

  @Test
  void thePartitionsForABytesCountNeverFallBelowTheSessionsNorPassTheCap() {
    long mb = 1L << 20;
    assertThat(ShufflePartitions.forBytes(0, 64 * mb, 8)).as("nothing read: the session's 8").isEqualTo(8);
    assertThat(ShufflePartitions.forBytes(8 * 64 * mb, 64 * mb, 8)).as("exactly 8 partitions' bytes").isEqualTo(8);
    assertThat(ShufflePartitions.forBytes(8 * 64 * mb + 1, 64 * mb, 8)).as("a byte more, a partition more").isEqualTo(9);
    assertThat(ShufflePartitions.forBytes(4_060 * mb, 64 * mb, 8)).as("a day of 10 million verifications").isEqualTo(64);
    assertThat(ShufflePartitions.forBytes(4_060 * mb, 64 * mb, 200)).as("a cluster's larger setting stays").isEqualTo(200);
    assertThat(ShufflePartitions.forBytes(Long.MAX_VALUE, 1, 8)).as("the most bytes there are: the cap")
        .isEqualTo(ShufflePartitions.MAX_PARTITIONS);
    assertThatThrownBy(() -> ShufflePartitions.forBytes(1, 0, 8)).as("no bytes per partition: an error naming the setting")
        .hasMessageContaining(ShufflePartitions.BYTES_PER_PARTITION_SETTING);
  }

  private Warehouse warehouseWithTwoDates() {
    Warehouse warehouse = new Warehouse(temp.toString());
    Dataset<Row> rows = spark.range(2_000).selectExpr("id", "repeat(cast(id as string), 20) as payload",
        "case when id % 2 = 0 then date'" + D1 + "' else date'" + D2 + "' end as date");
    warehouse.publish(spark, TABLE, rows, List.of(D1, D2));
    return warehouse;
  }

  private static long fileBytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .mapToLong(file -> file.toFile().length()).sum();
    }
  }
}
