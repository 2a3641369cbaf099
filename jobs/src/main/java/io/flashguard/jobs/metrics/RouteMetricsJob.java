package io.flashguard.jobs.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.evaluation.Wilson;
import io.flashguard.models.features.VerificationFeatures;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Computes {@code route_metrics} (docs/metrics.md) per route × destination country × day and × hour. Leg
 * metrics come from the {@code cdr} table, verification metrics from {@code attempts} (attributed
 * to the route of the verification's last call), report metrics from each call's own reports
 * (those of attempts whose reports can have come from the handset that rang:
 * {@link VerificationFeatures#routeWitnesses()}).
 * Legs and attempts are each aggregated once per hour, their latencies into a histogram
 * ({@link LatencyHistogram}) in the same pass; the reports per call are a second read of the
 * attempts. The three sources' hourly rows are then summed per key, so a key has one row whichever
 * sources have measures for it (an unknown country included); a day is the sum of its few hourly
 * rows, and the percentiles are read from the histograms.
 */
public final class RouteMetricsJob {
  /** docs/metrics.md: rates over fewer than this many trials are shown as insufficient. */
  public static final long DEFAULT_MIN_CALLS = 30;

  private static final int WHOLE_DAY = -1;
  private static final List<String> KEYS = List.of(WarehouseTable.DATE, "hour", "route_id", "country");
  private static final long MICROS_PER_HOUR = 3_600_000_000L;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final long minCalls;

  public RouteMetricsJob(SparkSession spark, Warehouse warehouse, long minCalls) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.minCalls = minCalls;
  }

  /** Computes and publishes the metrics of {@code from..to}; returns the rows written. */
  public long run(LocalDate from, LocalDate to) {
    return JobGroup.run(spark, "route-metrics-" + from + "-" + to,
        "flashguard route metrics " + from + ".." + to + " min-calls=" + minCalls, () -> {
          Dataset<Row> legs = warehouse.read(spark, CdrTable.TABLE, from, to);
          Dataset<Row> attempts = warehouse.read(spark, AttemptsTable.TABLE, from, to);
          return warehouse.publish(spark, RouteMetricsTable.TABLE, compute(legs, attempts, minCalls),
              WarehouseTable.days(from, to));
        });
  }

  /** The metrics of the given legs and attempts, in the table's schema; no I/O. */
  public static Dataset<Row> compute(Dataset<Row> legs, Dataset<Row> attempts, long minCalls) {
    Column pddMillis = unix_millis(col("alert_time")).minus(unix_millis(col("start_time")));
    Dataset<Row> legHours = legs.groupBy(col(WarehouseTable.DATE), utcHour(col("start_time")).as("hour"),
            col("route_id"), col("b_country").as("country"))
        .agg(count(lit(1)).as("calls"),
            countIf(col("alert_time").isNotNull()).as("alerted"),
            countIf(col("answered")).as("answered"),
            countIf(col("sip_code").isin(404, 484)).as("bad_number"),
            countIf(col("sip_code").isin(408, 480)).as("unreachable"),
            countIf(col("sip_code").isin(486, 600, 603)).as("busy_rejected"),
            countIf(col("sip_code").between(500, 599)).as("route_failure"),
            sum("cost").as("total_cost"),
            count("cost").as("costed_legs"),
            min(col("alert_time_available").cast("int")).as("alert_time_available"),
            count(pddMillis).as("pdd_samples"),
            LatencyHistogram.of(pddMillis).as("pdd"));

    Column attemptHour = utcHour(coalesce(col("requested_time"), col("first_event_time")));
    Column requested = col("requested_time").isNotNull();
    Column visibilityTrial = col("device_platform").equalTo("android").and(col("alerted"));
    Dataset<Row> attemptHours = attempts.where(col("route_id").isNotNull())
        .groupBy(col(WarehouseTable.DATE), attemptHour.as("hour"), col("route_id"), col("phone_country").as("country"))
        .agg(countIf(requested).as("requested"),
            countIf(requested.and(col("verified"))).as("verified"),
            countIf(requested.and(col("fell_back_to_sms"))).as("fell_back"),
            countIf(visibilityTrial).as("visibility_trials"),
            countIf(visibilityTrial.and(col("cli_match").equalTo(AttemptsTable.MATCH_EXACT))).as("visible"),
            count("time_to_verify_ms").as("time_to_verify_samples"),
            LatencyHistogram.of(col("time_to_verify_ms")).as("time_to_verify"));

    // the reports a handset that rang can have sent: a spoofer's do not say what the route showed
    Dataset<Row> reportHours = attempts.where(VerificationFeatures.routeWitnesses())
        .select(col(WarehouseTable.DATE), attemptHour.as("hour"), col("phone_country").as("country"),
            col("calls.reports").as("reports"), col("calls.unparseable_reports").as("unparseable_reports"),
            col("calls.different_reports").as("different_reports"),
            posexplode(col("calls.route_id")).as(new String[] {"call", "route_id"}))
        .groupBy(keyColumns())
        .agg(sum(callsField("reports").minus(callsField("unparseable_reports"))).as("readable_reports"),
            sum(callsField("different_reports")).as("altered_reports"));

    // The three sources' hours in one frame, each row with its own source's measures and the others'
    // null, summed per key below. Full outer joins of the keys instead gave a key with a null part
    // (an unknown country) one row per source, and two more shuffles.
    Dataset<Row> hours = legHours.unionByName(attemptHours, true).unionByName(reportHours, true);
    return withWholeDays(hours, "alert_time_available")
        .withColumn("total_cost", col("total_cost").cast(DataTypes.createDecimalType(28, 6)))
        .select(outputColumns(minCalls));
  }

  /**
   * Of {@code name}, an array with one element per call (a field of the calls, selected whole), the
   * element of the call that {@code posexplode} of the calls' routes stands at. The reports are
   * counted this way, from the arrays of the three fields they read, so the scan reads four of a
   * call's twenty fields: exploding the calls themselves read all of them (the plan's read schema),
   * and zipping the four arrays instead built a struct per call, costing what the scan saved.
   */
  private static Column callsField(String name) {
    return col(name).getItem(col("call"));
  }

  private static Column[] keyColumns() {
    return KEYS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /**
   * The hour of a timestamp in UTC, the session's time zone by contract. Spark's {@code hour}
   * converts every value to a zoned date-time (13% of route metrics' task samples at 10 million
   * verifications a day: docs/benchmarks.md, "route metrics' hour by arithmetic"); this is arithmetic.
   */
  static Column utcHour(Column timestamp) {
    return floor(pmod(unix_micros(timestamp), lit(MICROS_PER_DAY)).divide(MICROS_PER_HOUR)).cast("int");
  }

  /**
   * The hourly rows {@code hours} (the keys, then measures) and, per route × country × day, a row
   * of {@code hour = -1} rolling them up: each measure summed, {@code minimums} taken as their least
   * and the latency histograms (the binary columns) merged. Each hourly row is counted once for its
   * hour and once for its day; the hours are few, and the input rows were read once, into them.
   */
  private static Dataset<Row> withWholeDays(Dataset<Row> hours, String... minimums) {
    List<String> least = List.of(minimums);
    List<Column> measures = Arrays.stream(hours.schema().fields())
        .filter(field -> !KEYS.contains(field.name()))
        .map(field -> (field.dataType().equals(DataTypes.BinaryType) ? LatencyHistogram.merged(col(field.name()))
            : least.contains(field.name()) ? min(field.name()) : sum(field.name())).as(field.name()))
        .toList();
    return hours.withColumn("hour", explode(array(col("hour"), lit(WHOLE_DAY))))
        .groupBy(keyColumns())
        .agg(measures.get(0), measures.subList(1, measures.size()).toArray(new Column[0]));
  }

  private static Column[] outputColumns(long minCalls) {
    Column alertAvailable = coalesce(col("alert_time_available"), lit(1)).equalTo(1);
    List<Column> out = new ArrayList<>();
    out.add(when(col("hour").notEqual(WHOLE_DAY), col("hour")).cast("int").as("hour"));
    out.add(col("route_id"));
    out.add(col("country"));
    out.add(zero("calls").as("calls"));
    out.add(zero("requested").as("requested"));
    out.add(zero("verified").as("verified"));
    out.add(alertAvailable.as("alert_time_available"));
    out.addAll(rate("alert_rate", zero("alerted"), zero("calls"), alertAvailable, minCalls));
    out.addAll(rate("answer_rate", zero("answered"), zero("calls"), lit(true), minCalls));
    out.addAll(rate("fail_bad_number_rate", zero("bad_number"), zero("calls"), lit(true), minCalls));
    out.addAll(rate("fail_unreachable_rate", zero("unreachable"), zero("calls"), lit(true), minCalls));
    out.addAll(rate("fail_busy_rejected_rate", zero("busy_rejected"), zero("calls"), lit(true), minCalls));
    out.addAll(rate("fail_route_rate", zero("route_failure"), zero("calls"), lit(true), minCalls));
    out.addAll(rate("cli_visibility", zero("visible"), zero("visibility_trials"), alertAvailable, minCalls));
    out.addAll(rate("cli_altered_rate", zero("altered_reports"), zero("readable_reports"), lit(true), minCalls));
    out.addAll(rate("verification_success", zero("verified"), zero("requested"), lit(true), minCalls));
    out.addAll(rate("sms_fallback_rate", zero("fell_back"), zero("requested"), lit(true), minCalls));
    out.addAll(latencyColumns("pdd", alertAvailable, minCalls));
    out.addAll(latencyColumns("time_to_verify", lit(true), minCalls));
    Column costKnown = zero("costed_legs").gt(0);
    Column costOk = costKnown.and(zero("requested").geq(minCalls)).and(zero("verified").gt(0));
    out.add(col("total_cost"));
    out.add(when(costOk, col("total_cost").cast("double").divide(col("verified"))).as("cost_per_verified"));
    out.add(status(costKnown, costOk).as("cost_status"));
    out.add(col(WarehouseTable.DATE));
    return out.toArray(new Column[0]);
  }

  private static List<Column> rate(String name, Column successes, Column trials, Column available, long minCalls) {
    Column ok = available.and(trials.geq(minCalls));
    return List.of(
        successes.as(name + "_num"),
        trials.as(name + "_den"),
        when(ok, successes.cast("double").divide(trials)).as(name),
        when(ok, Wilson.lower(successes, trials)).as(name + "_lo"),
        when(ok, Wilson.upper(successes, trials)).as(name + "_hi"),
        status(available, ok).as(name + "_status"));
  }

  private static List<Column> latencyColumns(String name, Column available, long minCalls) {
    Column samples = zero(name + "_samples");
    Column ok = available.and(samples.geq(minCalls));
    return List.of(
        samples.as(name + "_samples"),
        when(ok, LatencyHistogram.percentile(col(name), 50)).as(name + "_p50_ms"),
        when(ok, LatencyHistogram.percentile(col(name), 95)).as(name + "_p95_ms"),
        status(available, ok).as(name + "_status"));
  }

  private static Column status(Column available, Column ok) {
    return when(available.equalTo(false), lit(RouteMetricsTable.STATUS_NOT_AVAILABLE))
        .when(ok, lit(RouteMetricsTable.STATUS_OK))
        .otherwise(lit(RouteMetricsTable.STATUS_INSUFFICIENT));
  }

  private static Column zero(String column) {
    return coalesce(col(column), lit(0L)).cast("long");
  }

  private static Column countIf(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }
}
