package io.flashguard.jobs.ingest;

import static io.flashguard.jobs.ingest.InputFixtures.CDR_HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reruns and overlapping inputs converge to the same tables (docs/input-formats.md, docs/tables.md). */
class IngestRerunTest extends SparkTestBase {
  private static final String LEG = "%s,v1,r1,+441632960001,+447700900123,2026-11-02 10:00:00,"
      + "2026-11-02 10:00:02,,2026-11-02 10:00:05,487,31,0,,B,%s";

  private static final String BROADCAST_THRESHOLD = "spark.sql.autoBroadcastJoinThreshold";

  @TempDir
  Path temp;

  @AfterEach
  void restoreBroadcastThreshold() {
    spark.conf().unset(BROADCAST_THRESHOLD);
  }

  /**
   * Both plans of the ranking: repeated ids sent to every task (Spark's default broadcast
   * threshold), and every row ranked in a shuffle (broadcasting switched off, as for a large rerun).
   */
  @ParameterizedTest(name = "broadcast threshold {0}")
  @ValueSource(strings = {"10MB", "-1"})
  void ingestingTheSameFileTwiceChangesNothingAndCountsDuplicates(String broadcastThreshold) {
    spark.conf().set(BROADCAST_THRESHOLD, broadcastThreshold);
    Path file = InputFixtures.write(temp.resolve("in"), "f1.csv", CDR_HEADER,
        List.of(leg("a", "0.001"), leg("b", "0.002")));
    Path warehouse = temp.resolve("w");
    InputFixtures.ingest(spark, warehouse, List.of(file), List.of());
    List<String> first = table(warehouse);
    IngestResult again = InputFixtures.ingest(spark, warehouse, List.of(file), List.of());

    assertThat(table(warehouse)).as("same table after the rerun").isEqualTo(first);
    FileCounts counts = again.files().get(0);
    assertThat(counts.accepted()).as("nothing new").isEqualTo(0L);
    assertThat(counts.duplicates()).as("both lines already published").isEqualTo(2L);
    assertThat(again.changedRowsByDate().values()).as("no date changed").containsOnly(0L);
  }

  @ParameterizedTest(name = "broadcast threshold {0}")
  @ValueSource(strings = {"10MB", "-1"})
  void overlappingFilesInEitherOrderOfRunsGiveTheSameTable(String broadcastThreshold) {
    spark.conf().set(BROADCAST_THRESHOLD, broadcastThreshold);
    Path f1 = InputFixtures.write(temp.resolve("in"), "f1.csv", CDR_HEADER,
        List.of(leg("a", "0.001"), leg("b", "0.002")));
    Path f2 = InputFixtures.write(temp.resolve("in"), "f2.csv", CDR_HEADER,
        List.of(leg("b", "0.009"), leg("c", "0.003")));
    Path forward = temp.resolve("forward");
    InputFixtures.ingest(spark, forward, List.of(f1), List.of());
    InputFixtures.ingest(spark, forward, List.of(f2), List.of());
    Path backward = temp.resolve("backward");
    InputFixtures.ingest(spark, backward, List.of(f2), List.of());
    InputFixtures.ingest(spark, backward, List.of(f1), List.of());
    Path together = temp.resolve("together");
    InputFixtures.ingest(spark, together, List.of(f1, f2), List.of());

    assertThat(table(forward)).as("f1 then f2").hasSize(3);
    assertThat(table(backward)).as("f2 then f1").isEqualTo(table(forward));
    assertThat(table(together)).as("both in one run").isEqualTo(table(forward));
  }

  private static String leg(String callId, String cost) {
    return String.format(LEG, callId, cost);
  }

  private List<String> table(Path warehouse) {
    return new Warehouse(warehouse.toString()).read(spark, CdrTable.TABLE)
        .orderBy("call_id").collectAsList().stream().map(Object::toString).toList();
  }
}
