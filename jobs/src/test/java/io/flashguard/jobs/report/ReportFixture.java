package io.flashguard.jobs.report;

import static io.flashguard.testing.SparkTestBase.at;
import static io.flashguard.testing.SparkTestBase.row;

import io.flashguard.core.tables.AlertsTable;
import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.tables.RouteRecommendationsTable;
import io.flashguard.core.tables.RoutesTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.tables.WindowFeaturesTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.metrics.RouteMetricsRows;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A small warehouse for the report's tests, published through the warehouse like the jobs do: two
 * countries, five routes over fourteen days, a degradation alert, a burst, and flags, with hostile
 * route, carrier, app ids and reasons (as input files could carry them) and cells that would be
 * spreadsheet formulas.
 */
final class ReportFixture {
  static final LocalDate DAY = LocalDate.parse("2026-11-20");
  /** Would run if the page put it into the document unescaped. */
  static final String HOSTILE_ROUTE = "gb-<script>window.__pwned=1</script>";
  static final String HOSTILE_APP = "app-\"><img src=x onerror=\"window.__pwned=2\">";
  static final String HOSTILE_CARRIER = "Carrier & <b>Sons</b>";
  static final String HOSTILE_REASON = "<svg onload=window.__pwned=3> reported CLI was never dialed";
  static final String FORMULA_APP = "@SUM(A1:A9)";
  static final String FORMULA_REASON = "=HYPERLINK(\"http://example.invalid\",\"open\")";
  static final String WINDOW = "range/" + HOSTILE_APP + "/0a1b2c3d4e5f/2026-11-20T22";

  private ReportFixture() {}

  /** Publishes the fixture's tables into {@code warehouse}. */
  static void publish(BiFunction<StructType, List<Map<String, Object>>, Dataset<Row>> frame,
      SparkSession spark, Warehouse warehouse) {
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (int back = 13; back >= 0; back--) {
      LocalDate day = DAY.minusDays(back);
      boolean today = back == 0;
      metrics.add(metrics(day, "GB", "gb-direct-1", 400, 0.97, 0.92, "4.00"));
      metrics.add(metrics(day, "GB", HOSTILE_ROUTE, 300, today ? 0.40 : 0.95, today ? 0.60 : 0.90, "1.50"));
      metrics.add(metrics(day, "GB", "gb-grey-1", 20, 0.70, 0.60, "0.10"));
      metrics.add(metrics(day, "DE", "de-direct-1", 250, 0.99, 0.94, "3.00"));
      metrics.add(metrics(day, "DE", "de-aggr-1", 150, 0.96, 0.90, "1.20"));
    }
    Map<String, Object> hourly = metrics(DAY, "GB", "gb-direct-1", 5, 0.5, 0.5, "0.01");
    hourly.put("hour", 3);
    metrics.add(hourly);
    List<LocalDate> days = WarehouseTable.days(DAY.minusDays(13), DAY);
    warehouse.publish(spark, RouteMetricsTable.TABLE,
        frame.apply(RouteMetricsTable.SCHEMA, metrics), days);

    warehouse.publish(spark, RouteRecommendationsTable.TABLE,
        frame.apply(RouteRecommendationsTable.SCHEMA, List.of(
            recommendation("GB", 1, "gb-direct-1", 0.0118, "ok"),
            recommendation("GB", 2, HOSTILE_ROUTE, 0.0165, "ok"),
            recommendation("GB", 3, "gb-grey-1", null, "insufficient"),
            recommendation("DE", 1, "de-aggr-1", 0.0120, "ok"),
            recommendation("DE", 2, "de-direct-1", 0.0135, "ok"))), List.of(DAY));

    warehouse.publish(spark, RoutesTable.TABLE, frame.apply(RoutesTable.SCHEMA, List.of(
        route("gb-direct-1", "carrier-gb"), route(HOSTILE_ROUTE, HOSTILE_CARRIER), route("gb-grey-1", "grey-1"),
        route("de-direct-1", "carrier-de"), route("de-aggr-1", "aggregator-1"))), List.of(DAY.minusDays(30)));

    warehouse.publish(spark, AlertsTable.TABLE, frame.apply(AlertsTable.SCHEMA, List.of(
        row("alert_type", AlertsTable.ROUTE_DEGRADATION, "subject", "route " + HOSTILE_ROUTE + " to GB",
            "route_id", HOSTILE_ROUTE, "country", "GB", "metric", "cli_visibility", "value", 0.40, "value_lo", 0.35,
            "value_hi", 0.46, "trials", 300L, "baseline", 0.95, "baseline_lo", 0.94, "baseline_hi", 0.96,
            "baseline_trials", 2100L, "baseline_days", 7, "severity", "critical",
            "detail", "cli_visibility of route " + HOSTILE_ROUTE + " to GB fell to 40.0%", "date", Date.valueOf(DAY)),
        row("alert_type", AlertsTable.BURST, "subject", WINDOW, "country", "GB", "metric", "requests",
            "value", 120.0, "trials", 120L, "baseline", 1.0, "baseline_hi", 2.5, "baseline_days", 4,
            "severity", "critical", "detail", "burst: 120× the usual requests for app " + HOSTILE_APP,
            "date", Date.valueOf(DAY)))), List.of(DAY));

    Map<String, Object> window = row("window_id", WINDOW, "grain", WindowFeaturesTable.RANGE, "app_id", HOSTILE_APP,
        "phone_country", "GB", "phone_range", "0a1b2c3d4e5f", "window_start", at("2026-11-20T22:00:00Z"),
        "requests", 120L, "span_requests", 120L, "verified_requests", 0L, "distinct_numbers", 120L,
        "distinct_devices", 2L, "distinct_ips", 2L, "baseline_median", 1.0, "baseline_mad", 1.0, "baseline_periods", 4,
        "date", Date.valueOf(DAY));
    for (String numeric : WindowFeaturesTable.NUMERIC) {
      window.put(numeric, 0.0);
    }
    warehouse.publish(spark, WindowFeaturesTable.TABLE,
        frame.apply(WindowFeaturesTable.SCHEMA, List.of(window)), List.of(DAY));

    warehouse.publish(spark, FlagsTable.TABLE, frame.apply(FlagsTable.SCHEMA, List.of(
        flag("v-1", null, "spoofed_cli", 0.97, true, FORMULA_APP, "gb-direct-1", List.of(FORMULA_REASON, HOSTILE_REASON)),
        flag("v-1", null, "forwarding_hijack", 0.81, true, FORMULA_APP, "gb-direct-1", List.of("call diverted 1 time(s)")),
        flag("v-2", null, "forwarding_hijack", 0.88, true, "app-chat", HOSTILE_ROUTE,
            List.of("call was connected to a number other than the one dialed")),
        flag("v-3", null, "spoofed_cli", 0.40, false, "app-chat", "gb-direct-1", List.of("near miss")),
        flag(null, WINDOW, "pumping", 0.99, true, HOSTILE_APP, null, List.of("burst: 120× the usual requests")),
        flag("v-4", WINDOW, "pumping", 0.99, true, HOSTILE_APP, "gb-grey-1", List.of("inherited")),
        flag("v-5", WINDOW, "pumping", 0.99, true, HOSTILE_APP, "gb-grey-1", List.of("inherited")),
        flag("v-6", WINDOW, "pumping", 0.99, true, HOSTILE_APP, "gb-grey-1", List.of("inherited")))), List.of(DAY));
  }

  /** A whole-day route_metrics row with every rate ok (or insufficient below 30 trials). */
  private static Map<String, Object> metrics(LocalDate day, String country, String route, long calls,
      double visibility, double success, String cost) {
    String status = calls >= 30 ? RouteMetricsTable.STATUS_OK : RouteMetricsTable.STATUS_INSUFFICIENT;
    Map<String, Object> row = RouteMetricsRows.blank(day, country, route, status);
    row.put("calls", calls);
    row.put("requested", calls);
    long verified = Math.round(success * calls);
    row.put("verified", verified);
    rate(row, "alert_rate", Math.round(0.97 * calls), calls, status);
    rate(row, "answer_rate", 0, calls, status);
    rate(row, "fail_bad_number_rate", Math.round(0.01 * calls), calls, status);
    rate(row, "fail_unreachable_rate", Math.round(0.02 * calls), calls, status);
    rate(row, "fail_route_rate", Math.round(0.005 * calls), calls, status);
    rate(row, "cli_visibility", Math.round(visibility * calls), calls, status);
    rate(row, "cli_altered_rate", Math.round((1 - visibility) * calls / 2), calls, status);
    rate(row, "verification_success", verified, calls, status);
    rate(row, "sms_fallback_rate", calls - verified, calls, status);
    for (String latency : RouteMetricsTable.LATENCIES) {
      row.put(latency + "_samples", calls);
      row.put(latency + "_status", status);
      if (status.equals(RouteMetricsTable.STATUS_OK)) {
        row.put(latency + "_p50_ms", latency.equals("pdd") ? 1400L : 4200L);
        row.put(latency + "_p95_ms", latency.equals("pdd") ? 2600L : 41_000L);
      }
    }
    row.put("total_cost", new BigDecimal(cost));
    row.put("cost_status", status);
    if (status.equals(RouteMetricsTable.STATUS_OK)) {
      row.put("cost_per_verified", Double.parseDouble(cost) / verified);
    }
    return row;
  }

  private static void rate(Map<String, Object> row, String rate, long num, long den, String status) {
    row.put(rate + "_num", num);
    row.put(rate + "_den", den);
    row.put(rate + "_status", status);
    if (status.equals(RouteMetricsTable.STATUS_OK)) {
      double p = (double) num / den;
      row.put(rate, p);
      row.put(rate + "_lo", Math.max(0, p - 0.03));
      row.put(rate + "_hi", Math.min(1, p + 0.03));
    }
  }

  private static Map<String, Object> recommendation(String country, int rank, String route, Double expected,
      String status) {
    return row("country", country, "rank", rank, "route_id", route, "requested", 1000L, "sms_cost", 0.03,
        "expected_cost_per_verified", expected, "status", status, "date", Date.valueOf(DAY));
  }

  private static Map<String, Object> route(String route, String carrier) {
    return row("route_id", route, "carrier", carrier, "route_type", "direct", "cost_per_call",
        new BigDecimal("0.010000"), "currency", "EUR", "loaded_at", at("2026-10-21T06:00:00Z"),
        "date", Date.valueOf(DAY.minusDays(30)));
  }

  private static Map<String, Object> flag(String verification, String window, String type, double score,
      boolean flagged, String app, String route, List<String> reasons) {
    return row("verification_id", verification, "window_id", window, "fraud_type", type, "score", score,
        "rule_score", score, "threshold", 0.7, "flagged", flagged, "reasons", reasons, "app_id", app,
        "phone_country", "GB", "route_id", route, "event_time", at("2026-11-20T22:10:00Z"), "date", Date.valueOf(DAY));
  }
}
