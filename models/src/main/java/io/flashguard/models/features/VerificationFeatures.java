package io.flashguard.models.features;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.warehouse.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Per-verification features (the {@code features} table) from assembled attempts and the raw
 * events. Every feature is a DataFrame expression; nothing runs row by row on the driver.
 *
 * <p>History features — has this number been seen, with this device, when did it last verify —
 * look back over every attempt in {@code history} that came before the verification, so the
 * caller passes the scored days plus as many earlier days as it wants remembered
 * ({@link #LOOKBACK_DAYS} by default). CLI provenance (was the reported CLI dialed to this
 * verification, to another number, or to nobody) is looked up in the events of the scored days
 * and one day either side.
 */
public final class VerificationFeatures {
  /** Days of earlier attempts that history features remember. */
  public static final int LOOKBACK_DAYS = 28;
  /** {@code hours_since_last_verified} when the number never verified within the lookback. */
  public static final double NEVER_VERIFIED_HOURS = 24.0 * LOOKBACK_DAYS * 2;
  /** Longest lead {@code report_lead_s} records. */
  public static final double MAX_REPORT_LEAD_S = 3600.0;

  private VerificationFeatures() {}

  /**
   * Features of the attempts dated {@code from..to}.
   *
   * @param history attempts of {@code from - LOOKBACK_DAYS .. to} (fewer earlier days just means a shorter memory)
   * @param events verification events of {@code from - 1 .. to + 1}
   */
  public static Dataset<Row> compute(Dataset<Row> history, Dataset<Row> events, LocalDate from, LocalDate to) {
    Dataset<Row> remembered = withHistory(history).where(Warehouse.dateBetween(from, to));
    Dataset<Row> withProvenance = remembered
        .join(cliProvenance(events), new String[] {"verification_id"}, "left")
        .join(devicesNumbers(history, remembered), new String[] {"device_id", Warehouse.DATE}, "left")
        .join(routeFacts(remembered), new String[] {"route_id", Warehouse.DATE}, "left");
    return withProvenance.select(columns());
  }

  /**
   * Adds what the same number's attempts of the previous {@link #LOOKBACK_DAYS} days say: seen
   * before, device seen, last verification. The frame is a time range, not "everything loaded",
   * so a day's features do not depend on which days were computed with it.
   */
  private static Dataset<Row> withHistory(Dataset<Row> history) {
    long lookback = LOOKBACK_DAYS * 86_400_000L;
    Column time = unix_millis(col("first_event_time"));
    WindowSpec byNumber = Window.partitionBy("phone_hash").orderBy(time).rangeBetween(-lookback, -1);
    WindowSpec byNumberAndDevice = Window.partitionBy("phone_hash", "device_id").orderBy(time)
        .rangeBetween(-lookback, -1);
    return history
        .withColumn("prior_attempts", count(lit(1)).over(byNumber))
        .withColumn("prior_attempts_with_device",
            when(col("device_id").isNull(), lit(0L)).otherwise(count(lit(1)).over(byNumberAndDevice)))
        .withColumn("last_verified_time", last(when(col("verified"), col("first_event_time")), true).over(byNumber))
        .withColumn("last_verified_device", last(when(col("verified"), col("report_device_id")), true).over(byNumber));
  }

  /**
   * Per verification: reports whose CLI was dialed to another number's verification within a day
   * of the report (replay), and reports whose CLI was dialed to nobody within a day and is not a
   * typo of this verification's own CLI.
   */
  private static Dataset<Row> cliProvenance(Dataset<Row> events) {
    Dataset<Row> placed = events.where(col("event_type").equalTo("CALL_PLACED"));
    Dataset<Row> dialed = placed.where(col("expected_cli_hash").isNotNull())
        .select(col("expected_cli_hash").as("dialed_cli"), col("phone_hash").as("dialed_to"),
            col("event_time").as("dialed_time"));
    Dataset<Row> ownClis = placed.groupBy("verification_id")
        .agg(collect_set("expected_cli_stem_hash").as("own_stems"), collect_set("expected_cli_hash").as("own_clis"));
    Dataset<Row> reports = events.where(col("event_type").equalTo("CLI_REPORTED").and(col("reported_cli_hash").isNotNull()))
        .select(col("event_id"), col("verification_id"), col("phone_hash"), col("reported_cli_hash").as("cli"),
            col("reported_cli_stem_hashes"), col("event_time").as("report_time"));
    Column withinADay = col("dialed_cli").equalTo(col("cli"))
        .and(col("dialed_time").between(col("report_time").minus(expr("INTERVAL 1 DAY")),
            col("report_time").plus(expr("INTERVAL 1 DAY"))));
    Dataset<Row> traced = reports.join(dialed, withinADay, "left")
        .groupBy("event_id", "verification_id", "phone_hash", "cli", "reported_cli_stem_hashes")
        .agg(count(col("dialed_to")).as("dialings"),
            max(col("dialed_to").notEqual(col("phone_hash"))).as("dialed_elsewhere"));
    Column ownCli = coalesce(array_contains(col("own_clis"), col("cli")), lit(false));
    Column typoOfOwn = coalesce(exists(col("reported_cli_stem_hashes"),
        stem -> array_contains(col("own_stems"), stem)), lit(false));
    return traced.join(ownClis, new String[] {"verification_id"}, "left")
        .groupBy("verification_id").agg(
            sum(when(not(ownCli).and(coalesce(col("dialed_elsewhere"), lit(false))), 1).otherwise(0)).as("replayed"),
            sum(when(col("dialings").equalTo(0).and(not(typoOfOwn)), 1).otherwise(0)).as("foreign"));
  }

  /**
   * Distinct numbers each device asked to verify over the {@link #LOOKBACK_DAYS} days up to the
   * end of each scored day.
   */
  private static Dataset<Row> devicesNumbers(Dataset<Row> history, Dataset<Row> scored) {
    Dataset<Row> deviceDays = scored.where(col("device_id").isNotNull())
        .select(col("device_id"), col(Warehouse.DATE)).distinct();
    Dataset<Row> earlier = history.where(col("device_id").isNotNull())
        .select(col("device_id").as("earlier_device"), col("phone_hash"), col(Warehouse.DATE).as("earlier_date"));
    return deviceDays.join(earlier, col("earlier_device").equalTo(col("device_id"))
            .and(col("earlier_date").between(date_sub(col(Warehouse.DATE), LOOKBACK_DAYS), col(Warehouse.DATE))))
        .groupBy("device_id", Warehouse.DATE).agg(countDistinct("phone_hash").as("numbers_of_device"));
  }

  /** What the verification's route did that day: share of reported CLIs that were altered, share answered. */
  private static Dataset<Row> routeFacts(Dataset<Row> attempts) {
    Column reportedFlashCall = col("cli_outcome").isin(AttemptsTable.DELIVERED, AttemptsTable.ALTERED);
    Column flashCall = col("call_count").gt(0);
    return attempts.where(col("route_id").isNotNull()).groupBy("route_id", Warehouse.DATE).agg(
        (sum(when(col("cli_outcome").equalTo(AttemptsTable.ALTERED), 1).otherwise(0))
            .divide(greatest(sum(when(reportedFlashCall, 1).otherwise(0)), lit(1)))).as("route_altered"),
        (sum(when(coalesce(col("answered"), lit(false)), 1).otherwise(0))
            .divide(greatest(sum(when(flashCall, 1).otherwise(0)), lit(1)))).as("route_answered"));
  }

  private static Column flag(Column condition) {
    return when(coalesce(condition, lit(false)), 1.0).otherwise(0.0);
  }

  private static Column callsWhere(String predicate) {
    return expr("size(filter(calls, c -> " + predicate + "))").cast("double");
  }

  private static Column perCallSum(String field) {
    return expr("aggregate(calls, 0, (total, c) -> total + coalesce(c." + field + ", 0))").cast("double");
  }

  private static Column[] columns() {
    Column reported = col("report_count").gt(0);
    Column platform = lower(coalesce(col("device_platform"), lit("other")));
    Column source = lower(coalesce(col("report_source"), lit("")));
    Column seenBefore = col("prior_attempts").gt(0);
    Column hoursSince = unix_millis(col("first_event_time")).minus(unix_millis(col("last_verified_time"))).divide(3.6e6);
    return new Column[] {
        col("verification_id"), col("app_id"), col("phone_country"), col("ip_country"), col("report_ip_country"),
        col("route_id"),
        WindowFeatures.rangeWindowId(col("app_id"), col("phone_range"), date_trunc("hour", requestTime()))
            .as("range_window_id"),
        col("first_event_time"), col("final_status"),
        flag(reported).as("reported"),
        col("report_count").cast("double").as("report_count"),
        flag(col("reported_before_alert")).as("reported_before_alert"),
        flag(expr("exists(calls, c -> c.reports > 0 and not coalesce(c.alerted, false))"))
            .as("report_on_unalerted_call"),
        // Only how early: how long after alerting an honest handset reports depends on the
        // handset, the network and the simulator, and a model that learns it does not travel.
        coalesce(least(greatest(col("report_delay_ms").divide(-1000.0), lit(0.0)), lit(MAX_REPORT_LEAD_S)), lit(0.0))
            .as("report_lead_s"),
        perCallSum("exact_reports").as("exact_reports"),
        perCallSum("code_typo_reports").as("code_typo_reports"),
        perCallSum("different_reports").as("different_reports"),
        perCallSum("unparseable_reports").as("unparseable_reports"),
        coalesce(col("replayed"), lit(0)).cast("double").as("replayed_reports"),
        coalesce(col("foreign"), lit(0)).cast("double").as("foreign_cli_reports"),
        flag(col("cli_outcome").equalTo(AttemptsTable.DELIVERED)).as("cli_delivered"),
        flag(col("cli_outcome").equalTo(AttemptsTable.ALTERED)).as("cli_altered"),
        flag(col("cli_outcome").equalTo(AttemptsTable.MISSING)).as("cli_missing"),
        flag(source.equalTo("intercepted")).as("report_intercepted"),
        flag(source.equalTo("manual")).as("report_manual"),
        flag(reported.and(col("report_device_id").isNotNull()).and(col("device_id").isNotNull())
            .and(col("report_device_id").notEqual(col("device_id")))).as("report_device_differs"),
        flag(col("ip_country").notEqual(col("phone_country"))).as("ip_country_differs"),
        flag(col("report_ip_country").notEqual(col("phone_country"))).as("report_ip_country_differs"),
        flag(platform.equalTo("android")).as("platform_android"),
        flag(platform.equalTo("ios")).as("platform_ios"),
        flag(not(platform.isin("android", "ios"))).as("platform_web_or_other"),
        flag(seenBefore).as("number_seen_before"),
        flag(col("prior_attempts_with_device").equalTo(0)).as("device_first_seen_for_number"),
        coalesce(col("numbers_of_device"), lit(1)).cast("double").as("device_numbers"),
        flag(col("last_verified_device").isNotNull().and(reported)
            .and(col("last_verified_device").notEqual(coalesce(col("report_device_id"), col("device_id")))))
            .as("device_changed_since_last_verified"),
        coalesce(hoursSince, lit(NEVER_VERIFIED_HOURS)).as("hours_since_last_verified"),
        coalesce(col("diversion_count"), lit(0)).cast("double").as("diversion_count"),
        flag(expr("exists(calls, c -> coalesce(c.answered, false))")).as("answered"),
        flag(col("connected_differs")).as("connected_differs"),
        col("call_count").cast("double").as("call_count"),
        callsWhere("not coalesce(c.alerted, false)").as("unalerted_calls"),
        flag(col("verified")).as("verified"),
        coalesce(col("route_altered"), lit(0.0)).as("route_altered_share"),
        coalesce(col("route_answered"), lit(0.0)).as("route_answered_share"),
        col(Warehouse.DATE)};
  }

  /** The request time of an attempt, or its first event when REQUESTED was not seen. */
  static Column requestTime() {
    return coalesce(col("requested_time"), col("first_event_time"));
  }
}
