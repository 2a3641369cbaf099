package io.flashguard.jobs.ingest;

import static io.flashguard.jobs.ingest.InputFixtures.CDR_HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.QuarantineTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file larger than Spark's spark.sql.files.maxPartitionBytes is parsed in ranges by several tasks,
 * and ingests exactly as it does whole: the same accounting, the same quarantined lines with the
 * same numbers, the same rows.
 */
class LargeFileIngestTest extends SparkTestBase {
  private static final String MAX_BYTES = "spark.sql.files.maxPartitionBytes";
  private static final String GOOD = "c%d,v%d,r1,+441632960001,+447700900123,2026-11-02 10:%02d:00,"
      + "2026-11-02 10:%02d:02,,2026-11-02 10:%02d:05,487,31,0,,B,0.004";

  @TempDir
  Path temp;

  @Test
  void aFileParsedInRangesIngestsAsTheWholeFile() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int minute = i % 60;
      String line = String.format(GOOD, i, i, minute, minute, minute);
      if (i % 17 == 5) {
        line = line.replace("+447700900123", "not a number");
      } else if (i % 23 == 7) {
        line = "";
      } else if (i % 31 == 11) {
        line = String.format(GOOD, i - 40, i - 40, minute, minute, minute); // a repeated call id, far apart
      }
      lines.add(line);
    }
    Path file = InputFixtures.write(temp.resolve("in"), "day.csv", CDR_HEADER, lines);

    IngestResult whole = InputFixtures.ingest(spark, temp.resolve("whole"), List.of(file), List.of());
    IngestResult cut;
    spark.conf().set(MAX_BYTES, "1000");
    try {
      assertThat(LineRanges.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), List.of(file.toString()),
          spark.sessionState().conf().filesMaxPartitionBytes()))
          .as("the file of some 16 kB, cut every 1,000 bytes").hasSizeGreaterThan(10);
      cut = InputFixtures.ingest(spark, temp.resolve("cut"), List.of(file), List.of());
    } finally {
      spark.conf().unset(MAX_BYTES);
    }

    assertThat(whole.quarantined()).as("the defects of the fixture").isGreaterThan(5);
    assertThat(whole.files().get(0).duplicates()).as("lines 44 and 106 repeat the call ids of lines 4 and 66")
        .isEqualTo(2);
    assertThat(cut.files()).as("the accounting, file by file").isEqualTo(whole.files());
    assertThat(sorted(quarantine("cut"))).as("the quarantined lines, numbered in the file")
        .isEqualTo(sorted(quarantine("whole")));
    Dataset<Row> wholeRows = new Warehouse(temp.resolve("whole").toString()).read(spark, CdrTable.TABLE);
    Dataset<Row> cutRows = new Warehouse(temp.resolve("cut").toString()).read(spark, CdrTable.TABLE);
    assertThat(cutRows.count()).as("the rows published").isEqualTo(wholeRows.count()).isEqualTo(whole.files().get(0).accepted());
    assertThat(cutRows.exceptAll(wholeRows).count()).as("rows in the cut ingest only").isZero();
  }

  private Dataset<Row> quarantine(String warehouse) {
    return new Warehouse(temp.resolve(warehouse).toString()).read(spark, QuarantineTable.TABLE)
        .selectExpr("line", "reason", "column", "raw");
  }

  private static List<String> sorted(Dataset<Row> rows) {
    return rows.orderBy("line").collectAsList().stream().map(Row::toString).toList();
  }
}
