package io.flashguard.jobs.metrics;

import io.flashguard.core.tables.RouteMetricsTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** Hand-made {@code route_metrics} rows for tests of what reads the table. */
public final class RouteMetricsRows {
  private RouteMetricsRows() {}

  /**
   * A whole-day row of {@code route} to {@code country}: every non-null count 0, every status
   * {@code status}, alert time available; tests then set the columns they are about.
   */
  public static Map<String, Object> blank(LocalDate day, String country, String route, String status) {
    Map<String, Object> row = new HashMap<>();
    for (StructField field : RouteMetricsTable.SCHEMA.fields()) {
      if (!field.nullable()) {
        row.put(field.name(), field.dataType().equals(DataTypes.StringType) ? status
            : field.dataType().equals(DataTypes.BooleanType) ? Boolean.TRUE : 0L);
      }
    }
    row.put("route_id", route);
    row.put("country", country);
    row.put("date", Date.valueOf(day));
    return row;
  }
}
