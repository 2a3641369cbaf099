package io.flashguard.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashguard.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels files read for evaluation: same checks as ingest, but a bad line stops the evaluation. */
class LabelFilesTest extends SparkTestBase {
  private static final String HEADER = "verification_id,label,source,decided_at";

  @TempDir
  Path temp;

  @Test
  void readsEveryDecision() {
    Path file = InputFixtures.write(temp, "labels.csv", HEADER, List.of(
        "v1,legit,simulated,2026-11-02T10:00:00Z", "v2,pumping,analyst,2026-11-02T11:00:00Z"));
    List<Row> labels = LabelFiles.read(spark, List.of(file.toString())).orderBy("verification_id").collectAsList();
    assertThat(labels).extracting(row -> row.<String>getAs("label")).as("labels").containsExactly("legit", "pumping");
  }

  @Test
  void badLineNamesFileLineAndField() {
    Path file = InputFixtures.write(temp, "labels.csv", HEADER, List.of(
        "v1,legit,simulated,2026-11-02T10:00:00Z", "v2,fraud,analyst,2026-11-02T11:00:00Z"));
    assertThatThrownBy(() -> LabelFiles.read(spark, List.of(file.toString()))).as("unknown label on line 3")
        .isInstanceOf(InputFileException.class)
        .hasMessageContaining("labels.csv: line 3, field label: ")
        .hasMessageEndingWith("; fix the labels file (every line must be a decision) and evaluate again");
  }
}
