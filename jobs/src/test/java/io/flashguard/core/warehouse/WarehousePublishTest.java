package io.flashguard.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.jobs.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehousePublishTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType).add("value", DataTypes.LongType).add(Warehouse.DATE, DataTypes.DateType);
  private static final LocalDate D1 = LocalDate.parse("2026-11-02");
  private static final LocalDate D2 = LocalDate.parse("2026-11-03");

  @TempDir
  Path temp;

  @Test
  void republishingOneDateLeavesTheOtherDatesFilesByteIdentical() throws IOException {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1)),
        row("id", "b", "value", 2L, "date", Date.valueOf(D2))), List.of(D1, D2));
    Map<String, byte[]> before = files(temp.resolve("t").resolve("date=" + D1));

    publish(warehouse, List.of(row("id", "b", "value", 3L, "date", Date.valueOf(D2))), List.of(D2));

    assertThat(files(temp.resolve("t").resolve("date=" + D1))).as("other date untouched")
        .containsOnlyKeys(before.keySet().toArray(new String[0]));
    files(temp.resolve("t").resolve("date=" + D1)).forEach((name, bytes) ->
        assertThat(bytes).as("bytes of %s", name).isEqualTo(before.get(name)));
    assertThat(values(warehouse)).as("date 2 replaced").containsExactly("a=1", "b=3");
    try (Stream<Path> versions = Files.list(temp.resolve("t").resolve("date=" + D2))) {
      assertThat(versions.count()).as("the replaced version is deleted").isEqualTo(1);
    }
  }

  @Test
  void publishingNoRowsForADateRemovesThatDate() {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1)),
        row("id", "b", "value", 2L, "date", Date.valueOf(D2))), List.of(D1, D2));
    publish(warehouse, List.of(), List.of(D2));
    assertThat(warehouse.dates(spark, "t")).as("published dates").containsExactly(D1);
    assertThat(temp.resolve("t").resolve("date=" + D2)).as("folder removed").doesNotExist();
  }

  @Test
  void cleanUpRemovesWhatAnInterruptedPublishLeftAndReadsNeverSawIt() throws IOException {
    Warehouse warehouse = new Warehouse(temp.toString());
    publish(warehouse, List.of(row("id", "a", "value", 1L, "date", Date.valueOf(D1))), List.of(D1));
    Path orphan = temp.resolve("t").resolve("date=" + D1).resolve("v=crashed");
    Files.createDirectories(orphan);
    Files.copy(firstParquet(temp.resolve("t").resolve("date=" + D1)), orphan.resolve("part-0.parquet"));
    Files.createDirectories(temp.resolve("t").resolve("_staging").resolve("crashed"));

    assertThat(values(warehouse)).as("the reader follows the pointer, not the folders").containsExactly("a=1");
    warehouse.cleanUp(spark, "t");
    assertThat(orphan).as("unpublished version removed").doesNotExist();
    assertThat(temp.resolve("t").resolve("_staging")).as("staging removed").doesNotExist();
    assertThat(values(warehouse)).as("published data intact").containsExactly("a=1");
  }

  private void publish(Warehouse warehouse, List<Map<String, Object>> rows, List<LocalDate> dates) {
    warehouse.publish(spark, "t", SCHEMA, frame(SCHEMA, rows), dates);
  }

  private List<String> values(Warehouse warehouse) {
    return warehouse.read(spark, "t", SCHEMA).orderBy("id").collectAsList().stream()
        .map((Row r) -> r.getString(0) + "=" + r.getLong(1)).toList();
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
