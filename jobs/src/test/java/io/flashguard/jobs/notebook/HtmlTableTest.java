package io.flashguard.jobs.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class HtmlTableTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType()
      .add("route_id", DataTypes.StringType)
      .add("rate", DataTypes.DoubleType)
      .add("reasons", DataTypes.createArrayType(DataTypes.StringType));

  @Test
  void valuesAreEscapedDoublesShortenedAndArraysJoined() {
    Dataset<Row> rows = frame(SCHEMA, List.of(
        Map.of("route_id", "<script>x</script>", "rate", 0.123456789,
            "reasons", List.of("a & b", "c"))));

    String html = HtmlTable.of(rows, 10);

    assertThat(html).as("header, escaped text, shortened double, joined array")
        .contains("<th>route_id</th><th>rate</th><th>reasons</th>")
        .contains("<td>&lt;script&gt;x&lt;/script&gt;</td>")
        .contains("<td>0.1235</td>")
        .contains("<td>a &amp; b; c</td>")
        .doesNotContain("<caption");
  }

  @Test
  void nullsAreEmptyCellsAndTheCaptionSaysWhenRowsWereLeftOut() {
    Dataset<Row> rows = frame(SCHEMA, List.of(Map.of("route_id", "r1"), Map.of("route_id", "r2"), Map.of("route_id", "r3")));

    String html = HtmlTable.of(rows, 2);

    assertThat(html.split("<tr>", -1)).as("header and two rows").hasSize(4);
    assertThat(html).as("nulls empty, rows cut at the limit, the cut said")
        .contains("<td>r1</td><td></td><td></td>").doesNotContain("r3").contains("first 2 rows");
  }
}
