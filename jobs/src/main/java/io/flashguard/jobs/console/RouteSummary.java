package io.flashguard.jobs.console;

import static org.apache.spark.sql.functions.col;

import io.flashguard.core.tables.AlertsTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.metrics.RouteAlertsJob;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A short console table of one day's route metrics: per destination country and route, the calls
 * and the headline rates with their 95% intervals. Reads the day's whole-day rows only (one per
 * route and country), so the collect is bounded by the number of routes.
 */
public final class RouteSummary {
  private static final int MAX_ALERTS = 10;

  private RouteSummary() {}

  public static String render(SparkSession spark, Warehouse warehouse, LocalDate day) {
    List<Row> rows = warehouse.read(spark, RouteMetricsTable.TABLE, day, day)
        .where(col("hour").isNull())
        .orderBy("country", "route_id")
        .collectAsList();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Route quality on %s (rates with 95%% Wilson intervals; "
        + "'insufficient' below the minimum count)%n", day));
    out.append(String.format(Locale.ROOT, "%-7s %-14s %7s  %-22s %-22s %-22s %s%n",
        "country", "route", "calls", "alert rate", "CLI visibility", "verification success", "cost/verified"));
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "%-7s %-14s %,7d  %-22s %-22s %-22s %s%n",
          row.getAs("country") == null ? "?" : row.<String>getAs("country"),
          row.<String>getAs("route_id"),
          row.<Long>getAs("calls"),
          rate(row, "alert_rate"), rate(row, "cli_visibility"), rate(row, "verification_success"),
          cost(row)));
    }
    if (rows.isEmpty()) {
      out.append("(no route metrics for this day)\n");
    }
    List<Row> alerts = warehouse.read(spark, AlertsTable.TABLE, day, day)
        .where(col("alert_type").equalTo(AlertsTable.ROUTE_DEGRADATION))
        .orderBy(col("severity"), col("route_id"), col("metric")).limit(MAX_ALERTS + 1).collectAsList();
    out.append(String.format(Locale.ROOT, "%nDegradation alerts on %s against each route's previous %d days: %s%n",
        day, RouteAlertsJob.BASELINE_DAYS, alerts.isEmpty() ? "none" : ""));
    alerts.stream().limit(MAX_ALERTS).forEach(alert -> out.append(String.format(Locale.ROOT, "  %-8s %s%n",
        alert.<String>getAs("severity"), alert.<String>getAs("detail"))));
    if (alerts.size() > MAX_ALERTS) {
      out.append("  ... more in the alerts table\n");
    }
    return out.toString();
  }

  private static String rate(Row row, String name) {
    String status = row.getAs(name + "_status");
    if (!RouteMetricsTable.STATUS_OK.equals(status)) {
      return status.replace('_', ' ') + " (n=" + row.<Long>getAs(name + "_den") + ")";
    }
    return String.format(Locale.ROOT, "%5.1f%% [%4.1f–%5.1f]", 100 * row.<Double>getAs(name),
        100 * row.<Double>getAs(name + "_lo"), 100 * row.<Double>getAs(name + "_hi"));
  }

  private static String cost(Row row) {
    String status = row.getAs("cost_status");
    if (!RouteMetricsTable.STATUS_OK.equals(status)) {
      return status.replace('_', ' ');
    }
    return String.format(Locale.ROOT, "%.4f", row.<Double>getAs("cost_per_verified"));
  }
}
