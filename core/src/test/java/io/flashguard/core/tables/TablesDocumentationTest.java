package io.flashguard.core.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
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
  void everyColumnIsARowOfItsTablesSection() throws IOException {
    String doc = Files.readString(DOC);
    for (String table : Tables.names()) {
      String section = section(doc, table);
      for (StructField field : Tables.named(table).schema().fields()) {
        String name = table.equals(RouteMetricsTable.NAME) ? familyName(field.name()) : field.name();
        // the first cell of a row of the section names the column, alone or with others ("*r*_lo, *r*_hi")
        assertThat(section).as("row for %s.%s in its section", table, field.name())
            .containsPattern("(?m)^\\| (?:[^|]*[ ,`])?" + Pattern.quote(name) + "(?:[ ,`][^|]*)?\\|");
      }
    }
  }

  /** A route metrics column as its family's row names it: {@code pdd_p50_ms} is {@code *l*_p50_ms}. */
  private static String familyName(String column) {
    for (String rate : RouteMetricsTable.RATES) {
      if (column.equals(rate) || column.startsWith(rate + "_")) {
        return "*r*" + column.substring(rate.length());
      }
    }
    for (String latency : RouteMetricsTable.LATENCIES) {
      if (column.startsWith(latency + "_")) {
        return "*l*" + column.substring(latency.length());
      }
    }
    return column;
  }

  /** The text from the table's heading to the next heading of the same level (or the end). */
  private static String section(String doc, String table) {
    int start = doc.indexOf("## " + table + " ");
    assertThat(start).as("section for %s", table).isNotNegative();
    int end = doc.indexOf("\n## ", start + 1);
    return end < 0 ? doc.substring(start) : doc.substring(start, end);
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
