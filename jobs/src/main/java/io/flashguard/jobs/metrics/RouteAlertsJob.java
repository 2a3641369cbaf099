package io.flashguard.jobs.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.AlertsTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.tables.RouteRecommendationsTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.evaluation.Wilson;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Degradation alerts and route recommendations from the daily rows of {@code route_metrics}
 * (docs/metrics.md). A route × country's day is compared with its own trailing {@value #BASELINE_DAYS}
 * days pooled; an alert fires only when the two Wilson intervals do not overlap in the bad
 * direction. Routes of a country are ordered by expected cost per verified verification,
 * {@code c / p + (1 - p) × s}: cost per call over success probability, plus the SMS sent when the
 * flash call fails, with p and c pooled over the day and the {@value #BASELINE_DAYS} - 1 before.
 */
public final class RouteAlertsJob {
  public static final int BASELINE_DAYS = 7;
  /** SMS price used for the fallback term when none is given, in the routes' currency. */
  public static final double DEFAULT_SMS_COST = 0.03;

  /** Monitored rates: true when higher is better. */
  private static final Map<String, Boolean> MONITORED = Map.of(
      "alert_rate", true, "cli_visibility", true, "verification_success", true,
      "answer_rate", false, "cli_altered_rate", false, "fail_route_rate", false);

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final long minCalls;
  private final double smsCost;

  public RouteAlertsJob(SparkSession spark, Warehouse warehouse, long minCalls, double smsCost) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.minCalls = minCalls;
    this.smsCost = smsCost;
  }

  /** Publishes the alerts and recommendations of {@code from..to}; returns the number of alerts. */
  public long run(LocalDate from, LocalDate to) {
    return JobGroup.run(spark, "route-alerts-" + from + "-" + to, "flashguard route alerts " + from + ".." + to, () -> {
      Dataset<Row> daily = warehouse.read(spark, RouteMetricsTable.TABLE,
          from.minusDays(BASELINE_DAYS), to).where(col("hour").isNull()).persist();
      try {
        Dataset<Row> alerts = alerts(daily, from, to, minCalls).persist();
        long count = alerts.count();
        warehouse.publishOwned(spark, AlertsTable.TABLE, alerts, WarehouseTable.days(from, to),
            col("alert_type").equalTo(AlertsTable.ROUTE_DEGRADATION));
        alerts.unpersist();
        warehouse.publish(spark, RouteRecommendationsTable.TABLE,
            recommendations(daily, from, to, minCalls, smsCost), WarehouseTable.days(from, to));
        return count;
      } finally {
        daily.unpersist();
      }
    });
  }

  /** Degradation alerts of the days {@code from..to}, from daily route metrics; no I/O. */
  public static Dataset<Row> alerts(Dataset<Row> daily, LocalDate from, LocalDate to, long minCalls) {
    Dataset<Row> rates = null;
    for (Map.Entry<String, Boolean> metric : MONITORED.entrySet()) {
      String name = metric.getKey();
      Dataset<Row> one = daily.select(col(WarehouseTable.DATE), col("route_id"), col("country"),
          lit(name).as("metric"), lit(metric.getValue()).as("higher_is_better"),
          col(name + "_num").as("num"), col(name + "_den").as("den"), col(name + "_status").as("status"));
      rates = rates == null ? one : rates.unionByName(one);
    }
    Dataset<Row> today = rates.where(WarehouseTable.dateBetween(from, to)).alias("t");
    Dataset<Row> history = rates.alias("h");
    Column sameSeries = col("t.route_id").equalTo(col("h.route_id"))
        .and(col("t.country").eqNullSafe(col("h.country")))
        .and(col("t.metric").equalTo(col("h.metric")))
        .and(col("h.date").between(date_sub(col("t.date"), BASELINE_DAYS), date_sub(col("t.date"), 1)));
    Dataset<Row> compared = today.join(history, sameSeries, "inner")
        .groupBy(col("t.date").as(WarehouseTable.DATE), col("t.route_id").as("route_id"), col("t.country").as("country"),
            col("t.metric").as("metric"), col("t.higher_is_better").as("higher_is_better"),
            col("t.num").as("num"), col("t.den").as("den"), col("t.status").as("status"))
        .agg(sum("h.num").as("base_num"), sum("h.den").as("base_den"),
            countDistinct(col("h.date")).cast("int").as("baseline_days"));

    Column value = col("num").cast("double").divide(col("den"));
    Column baseline = col("base_num").cast("double").divide(col("base_den"));
    Column lo = Wilson.lower(col("num"), col("den"));
    Column hi = Wilson.upper(col("num"), col("den"));
    Column baseLo = Wilson.lower(col("base_num"), col("base_den"));
    Column baseHi = Wilson.upper(col("base_num"), col("base_den"));
    Column worse = when(col("higher_is_better"), hi.lt(baseLo)).otherwise(lo.gt(baseHi));
    Column change = abs(value.minus(baseline));
    Column subject = format_string("route %s to %s", col("route_id"), coalesce(col("country"), lit("unknown country")));
    Column detail = format_string("%s of %s %s to %.1f%% [%.1f-%.1f] (%d of %d) from %.1f%% [%.1f-%.1f] over the previous %d day(s)",
        col("metric"), subject, when(col("higher_is_better"), lit("fell")).otherwise(lit("rose")),
        value.multiply(100), lo.multiply(100), hi.multiply(100), col("num"), col("den"),
        baseline.multiply(100), baseLo.multiply(100), baseHi.multiply(100), col("baseline_days"));
    return compared
        .where(col("status").equalTo(RouteMetricsTable.STATUS_OK).and(col("base_den").geq(minCalls)).and(worse))
        .select(lit(AlertsTable.ROUTE_DEGRADATION).as("alert_type"), subject.as("subject"), col("route_id"),
            col("country"), col("metric"), value.as("value"), lo.as("value_lo"), hi.as("value_hi"),
            col("den").as("trials"), baseline.as("baseline"), baseLo.as("baseline_lo"), baseHi.as("baseline_hi"),
            col("base_den").as("baseline_trials"), col("baseline_days"),
            when(change.geq(0.20), lit("critical")).when(change.geq(0.10), lit("major")).otherwise(lit("minor"))
                .as("severity"),
            detail.as("detail"), col(WarehouseTable.DATE));
  }

  /** Recommended route order per country and day of {@code from..to}; no I/O. */
  public static Dataset<Row> recommendations(Dataset<Row> daily, LocalDate from, LocalDate to, long minCalls,
      double smsCost) {
    Dataset<Row> today = daily.select(col(WarehouseTable.DATE), col("route_id"), col("country"))
        .where(WarehouseTable.dateBetween(from, to)).alias("t");
    Dataset<Row> window = daily.alias("h");
    Column sameRoute = col("t.route_id").equalTo(col("h.route_id"))
        .and(col("t.country").eqNullSafe(col("h.country")))
        .and(col("h.date").between(date_sub(col("t.date"), BASELINE_DAYS - 1), col("t.date")));
    Dataset<Row> pooled = today.join(window, sameRoute, "inner")
        .groupBy(col("t.date").as(WarehouseTable.DATE), col("t.route_id").as("route_id"), col("t.country").as("country"))
        .agg(sum("h.requested").as("requested"), sum("h.verified").as("verified"), sum("h.calls").as("calls"),
            sum("h.total_cost").cast("double").as("total_cost"));
    Column p = col("verified").cast("double").divide(col("requested"));
    Column c = col("total_cost").divide(col("calls"));
    Column ok = col("requested").geq(minCalls).and(col("verified").gt(0)).and(col("total_cost").isNotNull());
    Column expected = when(ok, c.divide(p).plus(lit(1).minus(p).multiply(smsCost)));
    Dataset<Row> scored = pooled.select(col(WarehouseTable.DATE), col("country"), col("route_id"), c.as("cost_per_call"),
        when(col("requested").gt(0), p).as("success_probability"), col("requested"), lit(smsCost).as("sms_cost"),
        expected.as("expected_cost_per_verified"),
        when(ok, lit(RouteMetricsTable.STATUS_OK)).otherwise(lit(RouteMetricsTable.STATUS_INSUFFICIENT)).as("status"));
    return scored.withColumn("rank", row_number().over(Window.partitionBy(col(WarehouseTable.DATE), col("country"))
        .orderBy(col("expected_cost_per_verified").asc_nulls_last(), col("route_id"))));
  }
}
