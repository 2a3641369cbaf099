package io.flashguard.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehousePublishTest extends SparkTestBase {
  private static final WarehouseTable TABLE = new WarehouseTable("t", new StructType()
      .add("id", DataTypes.StringType).add("value", DataTypes.LongType).add(WarehouseTable.DATE, DataTypes.DateType));
  /** {@link #TABLE} as a newer flashguard declares it: one column more. */
  private static final WarehouseTable GROWN = new WarehouseTable(TABLE.name(), new StructType()
      .add("id", DataTypes.StringType).add("value", DataTypes.LongType).add("score", DataTypes.DoubleType)
      .add(WarehouseTable.DATE, DataTypes.DateType));
  private static final LocalDate D1 = LocalDate.parse("2026-11-02");
  private static final LocalDate D2 = LocalDate.parse("2026-11-03");

  @TempDir
  Path temp;

  @Test
  void republishingOneDateIsOneCommitThatLeavesTheOtherDatesFilesByteIdentical() throws IOException {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1)),
        row("id", "b", "value", 2L, "date", Date.valueOf(D2))), List.of(D1, D2));
    Map<String, byte[]> before = files(temp.resolve("t").resolve("date=" + D1));

    publish(warehouse, List.of(row("id", "b", "value", 3L, "date", Date.valueOf(D2))), List.of(D2));

    assertThat(files(temp.resolve("t").resolve("date=" + D1))).as("other date untouched")
        .containsOnlyKeys(before.keySet().toArray(new String[0]));
    files(temp.resolve("t").resolve("date=" + D1)).forEach((name, bytes) ->
        assertThat(bytes).as("bytes of %s", name).isEqualTo(before.get(name)));
    assertThat(values(warehouse.read(spark, TABLE))).as("date 2 replaced").containsExactly("a=1", "b=3");
    assertThat(spark.sql("DESCRIBE HISTORY delta.`" + warehouse.tablePath(TABLE) + "`").count())
        .as("one Delta commit per publish").isEqualTo(2);
    assertThat(values(warehouse.asOf(new AsOf(0L, null)).read(spark, TABLE))).as("the first version, by time travel")
        .containsExactly("a=1", "b=2");
  }

  @Test
  void asOfATimeReadsTheVersionCurrentThenAndIsReadOnly() throws InterruptedException {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1))), List.of(D1));
    assertThat(warehouse.committedVersions()).as("version of the first commit").containsEntry(TABLE.name(), 0L);
    Instant between = Instant.now();
    Thread.sleep(1100); // commit times may come from file times, whole seconds on some file systems
    publish(warehouse, List.of(row("id", "a", "value", 2L, "date", Date.valueOf(D1))), List.of(D1));
    assertThat(warehouse.committedVersions()).as("version of the second commit").containsEntry(TABLE.name(), 1L);

    Warehouse then = warehouse.asOf(AsOf.parse(between.toString()));
    assertThat(values(then.read(spark, TABLE))).as("as of a time between the commits").containsExactly("a=1");
    assertThat(values(warehouse.asOf(AsOf.parse("2020-01-01")).read(spark, TABLE)))
        .as("as of a time before the table existed: empty").isEmpty();
    assertThatThrownBy(() -> publish(then, List.of(), List.of(D1))).as("a warehouse as of a time is read-only")
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("for reading only");
    assertThatThrownBy(() -> AsOf.parse("yesterday")).hasMessageContaining("'yesterday'");
  }

  @Test
  void aTableKeepsNoColumnValuesInItsLog() throws IOException {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "value-only-in-the-data", "value", 1L, "date", Date.valueOf(D1))), List.of(D1));
    String log;
    try (Stream<Path> commits = Files.list(temp.resolve("t").resolve("_delta_log"))) {
      log = String.join("\n", commits.filter(p -> p.toString().endsWith(".json")).map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList());
    }
    assertThat(log).as("a table property, so other writers follow it too")
        .contains("\"delta.dataSkippingNumIndexedCols\":\"0\"")
        .as("row counts, no per-column minimum or maximum").contains("numRecords")
        .doesNotContain("value-only-in-the-data");
  }

  @Test
  void publishSaysHowManyRowsItsCommitWroteFromDeltasMetricsOrByCountingWhenThereAreNone() {
    Warehouse warehouse = new Warehouse(temp.toString());
    assertThat(publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1)),
        row("id", "b", "value", 2L, "date", Date.valueOf(D2)), row("id", "c", "value", 3L, "date", Date.valueOf(D2))),
        List.of(D1, D2))).isEqualTo(3);
    assertThat(publish(warehouse, List.of(row("id", "d", "value", 4L, "date", Date.valueOf(D2))), List.of(D2)))
        .as("only the republished date's rows").isEqualTo(1);
    assertThat(publish(warehouse, List.of(), List.of(D1))).as("a date emptied").isZero();
    spark.conf().set("spark.databricks.delta.history.metricsEnabled", "false");
    try {
      assertThat(publish(warehouse, List.of(row("id", "e", "value", 5L, "date", Date.valueOf(D2)),
          row("id", "f", "value", 6L, "date", Date.valueOf(D2))), List.of(D2))).as("a commit without metrics").isEqualTo(2);
      Row last = spark.sql("DESCRIBE HISTORY delta.`" + warehouse.tablePath(TABLE) + "` LIMIT 1").first();
      assertThat(last.isNullAt(last.fieldIndex("operationMetrics"))
          || last.getJavaMap(last.fieldIndex("operationMetrics")).isEmpty()).as("the last commit has no metrics").isTrue();
    } finally {
      spark.conf().unset("spark.databricks.delta.history.metricsEnabled");
    }
  }

  @Test
  void publishingNoRowsForADateRemovesThatDate() {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1)),
        row("id", "b", "value", 2L, "date", Date.valueOf(D2))), List.of(D1, D2));
    publish(warehouse, List.of(), List.of(D2));
    assertThat(warehouse.dates(spark, TABLE)).as("published dates").containsExactly(D1);
  }

  @Test
  void aColumnTheTableGainedIsAddedByTheNextPublishAndReadsNullOnEarlierDates() {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1))), List.of(D1));

    warehouse.publish(spark, GROWN, frame(GROWN.schema(),
        List.of(row("id", "b", "value", 2L, "score", 0.5, "date", Date.valueOf(D2)))), List.of(D2));

    List<String> rows = warehouse.read(spark, GROWN).orderBy("id").collectAsList().stream()
        .map(r -> r.getString(0) + "=" + r.get(2)).toList();
    assertThat(rows).as("the earlier date reads null in the new column").containsExactly("a=null", "b=0.5");
  }

  @Test
  void aColumnDeclaredSinceTheTableWasWrittenReadsNullBeforeAnyPublishAddsIt() {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1))), List.of(D1));

    Row read = warehouse.read(spark, GROWN).first();
    assertThat(read.schema().fieldNames()).as("the declared columns").containsExactly("id", "value", "score", "date");
    assertThat(read.isNullAt(2)).as("the new column, not yet written").isTrue();
  }

  @Test
  void aFieldTheStructsOfAnArrayColumnGainedReadsNullUntilPublishedAndIsThenAdded() {
    StructType call = new StructType().add("call_id", DataTypes.StringType).add("reports", DataTypes.IntegerType);
    WarehouseTable calls = new WarehouseTable("c", new StructType().add("id", DataTypes.StringType)
        .add("calls", DataTypes.createArrayType(call)).add(WarehouseTable.DATE, DataTypes.DateType));
    WarehouseTable grown = new WarehouseTable("c", new StructType().add("id", DataTypes.StringType)
        .add("calls", DataTypes.createArrayType(call.add("typo_reports", DataTypes.IntegerType)))
        .add(WarehouseTable.DATE, DataTypes.DateType));
    Warehouse warehouse = new Warehouse(temp.toString());
    warehouse.publish(spark, calls, spark.sql("SELECT 'a' AS id, array(named_struct('call_id', 'a1', 'reports', 2)) AS calls, "
        + "DATE'" + D1 + "' AS date"), List.of(D1));

    assertThat(callsAsText(warehouse.read(spark, grown))).as("declared since it was written: null, before any publish")
        .containsExactly("a:a1/2/null");

    warehouse.publish(spark, grown, spark.sql("SELECT 'b' AS id, array(named_struct('call_id', 'b1', 'reports', 1, "
        + "'typo_reports', 1)) AS calls, DATE'" + D2 + "' AS date"), List.of(D2));
    assertThat(callsAsText(warehouse.read(spark, grown))).as("added by the publish; the earlier date reads null")
        .containsExactly("a:a1/2/null", "b:b1/1/1");
  }

  private static List<String> callsAsText(Dataset<Row> rows) {
    return rows.orderBy("id").collectAsList().stream().map(r -> r.getString(0) + ":" + r.<Row>getList(1).stream()
        .map(c -> c.get(0) + "/" + c.get(1) + "/" + c.get(2)).reduce((x, y) -> x + "," + y).orElse("")).toList();
  }

  @Test
  void dataFilesOfAWriteThatNeverCommittedAreInvisible() throws IOException {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1))), List.of(D1));
    Path partition = temp.resolve("t").resolve("date=" + D1);
    Files.copy(firstParquet(partition), partition.resolve("part-crashed.parquet"));

    assertThat(values(warehouse.read(spark, TABLE))).as("the reader follows the log, not the folders")
        .containsExactly("a=1");
  }

  @Test
  void aTableInTheFormatOfEarlierVersionsIsRefusedWithItsPath() throws IOException {
    Files.createDirectories(temp.resolve("t"));
    Files.writeString(temp.resolve("t").resolve("_current"), "2026-11-02 20261102T000000000-abc\n");
    Warehouse warehouse = new Warehouse(temp.toString());
    assertThatThrownBy(() -> warehouse.read(spark, TABLE)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("earlier flashguard").hasMessageContaining(temp.resolve("t").toString());
  }

  private long publish(Warehouse warehouse, List<Map<String, Object>> rows, List<LocalDate> dates) {
    return warehouse.publish(spark, TABLE, frame(TABLE.schema(), rows), dates);
  }

  private static List<String> values(Dataset<Row> rows) {
    return rows.orderBy("id").collectAsList().stream().map((Row r) -> r.getString(0) + "=" + r.getLong(1)).toList();
  }

  private static Path firstParquet(Path partition) throws IOException {
    try (Stream<Path> walk = Files.walk(partition)) {
      return walk.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  private static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }
}
