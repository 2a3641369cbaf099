package io.flashguard.core.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/** docs/tables.md documents every column of every table, so the page cannot fall behind the code. */
class TablesDocumentationTest {
  private static final Path DOC = Path.of("..", "docs", "tables.md");

  @Test
  void everyTableHasASection() throws IOException {
    String doc = Files.readString(DOC);
    for (String table : Tables.names()) {
      assertThat(doc).as("section for %s", table).contains("## " + table + " ");
    }
  }

  @Test
  void everyColumnIsInATableRow() throws IOException {
    String doc = Files.readString(DOC);
    for (String table : List.of(CdrTable.NAME, VerificationEventsTable.NAME, AttemptsTable.NAME, QuarantineTable.NAME)) {
      for (StructField field : Tables.named(table).schema().fields()) {
        assertThat(doc).as("row for %s.%s", table, field.name()).contains("| " + field.name() + " |");
      }
    }
  }

  @Test
  void callFieldsAndMetricFamiliesAreNamed() throws IOException {
    String doc = Files.readString(DOC);
    for (String field : AttemptsTable.CALL.fieldNames()) {
      assertThat(doc).as("attempts.calls field %s", field).containsPattern("\\b" + field + "\\b");
    }
    for (String name : RouteMetricsTable.RATES) {
      assertThat(doc).as("rate %s", name).contains(name);
    }
    for (String name : RouteMetricsTable.LATENCIES) {
      assertThat(doc).as("latency %s", name).contains(name);
    }
  }
}
