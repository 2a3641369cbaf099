package io.flashguard.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.AlertsTable;
import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.tables.RouteRecommendationsTable;
import io.flashguard.core.tables.RoutesTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.tables.WindowFeaturesTable;
import io.flashguard.core.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What one day's route-quality report shows, collected from the warehouse. Every list is bounded:
 * by the routes × countries of a day (times {@value #TREND_DAYS} days for the trend), by the day's
 * degradation alerts (routes × six rates), or by {@code topCases}; bursts are not bounded.
 *
 * @param routes the day's whole-day {@code route_metrics} rows with the recommendation
 *     ({@code rank}, {@code expected_cost_per_verified}, {@code recommendation_status}) and the
 *     route's reference data ({@code carrier}, {@code route_type}, {@code currency}), by country and rank
 * @param trend the whole-day {@code route_metrics} rows of the trailing {@value #TREND_DAYS} days
 * @param degradations the day's route degradation alerts, most severe first
 * @param fraudCounts per fraud type: flagged {@code verifications} and {@code windows}
 * @param topCases the highest-ranked rows of {@link FraudCases#of}
 * @param cases how many cases the day has in all
 * @param bursts the day's burst alerts with their window's app, range and start, most severe and largest first
 */
record DayReport(LocalDate day, List<Row> routes, List<Row> trend, List<Row> degradations, List<Row> fraudCounts,
    List<FraudCase> topCases, long cases, List<Row> bursts) {

  static final int TREND_DAYS = 14;

  /** Severity as a sort key: critical first. */
  static Column severityOrder() {
    return when(col("severity").equalTo("critical"), 0).when(col("severity").equalTo("major"), 1).otherwise(2);
  }

  static DayReport collect(SparkSession spark, Warehouse warehouse, LocalDate day, Dataset<Row> cases, long caseCount,
      int topCases) {
    Dataset<Row> daily = warehouse.read(spark, RouteMetricsTable.TABLE,
        day.minusDays(TREND_DAYS - 1), day).where(col("hour").isNull());
    Dataset<Row> recommendations = warehouse.read(spark, RouteRecommendationsTable.TABLE, day, day)
        .select(col(WarehouseTable.DATE), col("country"), col("route_id"), col("rank"), col("expected_cost_per_verified"),
            col("status").as("recommendation_status"));
    // one query for the fortnight; the day's rows are the routes, all of them the trend
    List<Row> fortnight = daily
        .join(recommendations, daily.col("country").eqNullSafe(recommendations.col("country"))
            .and(daily.col("route_id").equalTo(recommendations.col("route_id")))
            .and(daily.col(WarehouseTable.DATE).equalTo(recommendations.col(WarehouseTable.DATE))), "left")
        .drop(recommendations.col("country")).drop(recommendations.col("route_id"))
        .drop(recommendations.col(WarehouseTable.DATE))
        .join(reference(spark, warehouse, day), new String[] {"route_id"}, "left")
        .orderBy(col("country").asc_nulls_last(), col("rank").asc_nulls_last(), col("route_id"), col(WarehouseTable.DATE))
        .collectAsList();
    List<Row> routeRows = fortnight.stream().filter(row -> row.getAs(WarehouseTable.DATE).toString().equals(day.toString()))
        .toList();

    Dataset<Row> alerts = warehouse.read(spark, AlertsTable.TABLE, day, day);
    List<Row> degradations = alerts.where(col("alert_type").equalTo(AlertsTable.ROUTE_DEGRADATION))
        .orderBy(severityOrder(), col("country"), col("route_id"), col("metric")).collectAsList();

    Dataset<Row> flagged = warehouse.read(spark, FlagsTable.TABLE, day, day).where(col("flagged"));
    List<Row> fraudCounts = flagged.groupBy("fraud_type")
        .agg(countDistinct(col("verification_id")).as("verifications"),
            count(when(col("verification_id").isNull(), 1)).as("windows"))
        .orderBy("fraud_type").collectAsList();

    Dataset<Row> windows = warehouse.read(spark, WindowFeaturesTable.TABLE, day, day)
        .select(col("window_id"), col("window_start"), col("app_id"), col("phone_range"));
    List<Row> bursts = alerts.where(col("alert_type").equalTo(AlertsTable.BURST))
        .join(windows, alerts.col("subject").equalTo(windows.col("window_id")), "left")
        .select(col("alert_type"), col("subject"), col("metric"), col("window_start"), col("app_id"), col("country"),
            col("phone_range"), col("value").as("requests"), col("baseline"), col("severity"), col("detail"))
        .orderBy(severityOrder(), col("requests").desc(), col("subject")).collectAsList();

    List<FraudCase> top = cases.limit(topCases).collectAsList().stream().map(FraudCase::of).toList();
    return new DayReport(day, routeRows, fortnight, degradations, fraudCounts, top, caseCount, bursts);
  }

  /** The routes reference snapshot in force on {@code day}: the latest loaded on or before it, else the earliest. */
  private static Dataset<Row> reference(SparkSession spark, Warehouse warehouse, LocalDate day) {
    List<LocalDate> loaded = warehouse.dates(spark, RoutesTable.TABLE);
    LocalDate snapshot = loaded.stream().filter(date -> !date.isAfter(day)).reduce((a, b) -> b)
        .orElse(loaded.isEmpty() ? day : loaded.get(0));
    return warehouse.read(spark, RoutesTable.TABLE, snapshot, snapshot)
        .select(col("route_id"), col("carrier"), col("route_type"), col("currency"));
  }
}
