package io.flashguard.jobs.notebook;

import io.flashguard.jobs.report.Html;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Rows as an HTML table for a notebook cell. Every value is escaped; doubles are shown with four
 * significant digits, nulls as empty cells. At most {@code limit} rows are collected, and the
 * caption says when more exist.
 */
public final class HtmlTable {
  private HtmlTable() {}

  public static String of(Dataset<Row> rows, int limit) {
    List<Row> shown = rows.limit(limit + 1).collectAsList();
    StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
    for (StructField field : rows.schema().fields()) {
      html.append("<th>").append(Html.text(field.name())).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (Row row : shown.subList(0, Math.min(limit, shown.size()))) {
      html.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        html.append("<td>").append(Html.text(cell(row.get(i)))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n");
    if (shown.size() > limit) {
      html.append("<caption style=\"caption-side: bottom\">first ").append(limit).append(" rows</caption>\n");
    }
    return html.append("</table>").toString();
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number) ? String.format(Locale.ROOT, "%.4g", number) : value.toString();
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return String.join("; ", scala.jdk.javaapi.CollectionConverters.asJava(seq).stream()
          .map(HtmlTable::cell).toList());
    }
    return value.toString();
  }
}
