package io.flashguard.jobs.attempts;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.VerificationEventsTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Assembles the {@code attempts} table: one row per verification, its calls (CALL_PLACED events
 * joined with their CDR legs by call_id) and its reports, each report compared with the call it
 * answers — the latest call placed before it, or the first call if it came before any.
 *
 * <p>A verification belongs to the UTC date of its first event. To assemble days D1..D2 the job
 * reads events and legs of D1-1..D2+1, so verifications that cross midnight are whole.
 */
public final class AttemptsJob {
  private final SparkSession spark;
  private final Warehouse warehouse;

  public AttemptsJob(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Assembles and publishes the attempts of {@code from..to}; returns the rows written. */
  public long run(LocalDate from, LocalDate to) {
    return JobGroup.run(spark, "attempts-" + from + "-" + to, "flashguard attempts " + from + ".." + to, () -> {
      Dataset<Row> events = warehouse.read(spark, VerificationEventsTable.TABLE, from.minusDays(1), to.plusDays(1));
      Dataset<Row> legs = warehouse.read(spark, CdrTable.TABLE, from.minusDays(1), to.plusDays(1));
      Dataset<Row> attempts = assemble(events, legs).where(WarehouseTable.dateBetween(from, to));
      return warehouse.publish(spark, AttemptsTable.TABLE, attempts, WarehouseTable.days(from, to));
    });
  }

  /** The attempts of the given events and legs, in the table's schema; no I/O. */
  public static Dataset<Row> assemble(Dataset<Row> events, Dataset<Row> legs) {
    Dataset<Row> calls = calls(events, legs);
    Dataset<Row> reports = reportsWithTheirCall(events, calls);
    Dataset<Row> callsWithReports = calls.join(perCallReports(reports), new String[] {"verification_id", "call_id"}, "left");

    Dataset<Row> callArrays = callsWithReports.groupBy("verification_id").agg(
        sort_array(collect_list(callStruct())).as("calls"),
        sum("cost").cast(DataTypes.createDecimalType(28, 6)).as("call_cost"),
        max("diversion_count").as("max_diversion_count"),
        max("connected_differs").as("any_connected_differs"));
    Dataset<Row> reportSummary = reports.groupBy("verification_id").agg(
        count(lit(1)).cast("int").as("report_count"),
        min(struct(col("report_time"), col("report_id"), col("report_source"))).as("first_report"),
        max(struct(col("report_time"), col("report_id"), col("device_id"), col("ip_country"))).as("last_report"),
        max("before_alert").as("reported_before_alert"));

    Dataset<Row> joined = eventSummary(events)
        .join(callArrays, new String[] {"verification_id"}, "left")
        .join(reportSummary, new String[] {"verification_id"}, "left")
        .withColumn("last_call", element_at(col("calls"), -1));
    return joined.select(finalColumns());
  }

  private static Dataset<Row> calls(Dataset<Row> events, Dataset<Row> legs) {
    Dataset<Row> placed = events.where(col("event_type").equalTo("CALL_PLACED")).select(
        col("verification_id"), col("event_id").as("placed_event_id"),
        coalesce(col("call_id"), col("event_id")).as("call_id"), col("route_id"),
        col("event_time").as("placed_time"), col("expected_cli_hash"), col("expected_cli_stem_hash"),
        col("expected_cli_typo_keys"), col("expected_cli_digits_keys"), col("code_length"));
    Dataset<Row> cdr = legs.select(
        col("call_id"), lit(true).as("cdr_found"), col("sip_code"), col("alert_time"), col("answer_time"),
        col("answered"), col("diversion_count"), col("connected_differs"), col("cost"));
    return placed.join(cdr, new String[] {"call_id"}, "left")
        .withColumn("cdr_found", coalesce(col("cdr_found"), lit(false)));
  }

  private static Dataset<Row> reportsWithTheirCall(Dataset<Row> events, Dataset<Row> calls) {
    Dataset<Row> reports = events.where(col("event_type").equalTo("CLI_REPORTED")).select(
        col("verification_id"), col("event_id").as("report_id"), col("event_time").as("report_time"),
        col("reported_cli_hash"), col("reported_cli_stem_hashes"), col("reported_cli_typo_keys"),
        col("reported_cli_digits_key"), col("reported_cli_valid"), col("report_source"), col("device_id"),
        col("ip_country"));
    Column placedBefore = col("placed_time").leq(col("report_time"));
    Column distance = abs(unix_millis(col("report_time")).minus(unix_millis(col("placed_time"))));
    Dataset<Row> candidates = reports.join(calls.select("verification_id", "call_id", "placed_time",
            "alert_time", "expected_cli_hash", "expected_cli_stem_hash", "expected_cli_typo_keys",
            "expected_cli_digits_keys", "code_length"),
        new String[] {"verification_id"}, "left");
    // partitioned by verification too (a report belongs to one): the join's partitioning then serves
    // the window, and the per-call and per-verification aggregates after it, without another shuffle
    Dataset<Row> answered = candidates
        .withColumn("_rank", row_number().over(Window.partitionBy("verification_id", "report_id")
            .orderBy(when(placedBefore, 0).otherwise(1), distance, col("call_id"))))
        .where(col("_rank").equalTo(1)).drop("_rank");
    Column stemForCode = element_at(col("reported_cli_stem_hashes"),
        col("code_length").minus(VerificationEventsTable.MIN_CODE_LENGTH - 1));
    // written without a "+" and read in the verified number's country, our CLI of another country
    // (or one written oddly) hashes as another number; its digits are still ours
    Column ourDigits = coalesce(
        array_contains(col("expected_cli_digits_keys"), col("reported_cli_digits_key")), lit(false));
    Column match = when(col("reported_cli_valid").notEqual(true).and(not(ourDigits)),
            lit(AttemptsTable.MATCH_UNPARSEABLE))
        .when(col("call_id").isNull(), lit(AttemptsTable.MATCH_NONE))
        .when(col("reported_cli_hash").equalTo(col("expected_cli_hash")).or(ourDigits), lit(AttemptsTable.MATCH_EXACT))
        .when(stemForCode.equalTo(col("expected_cli_stem_hash")), lit(AttemptsTable.MATCH_CODE_TYPO))
        .when(arrays_overlap(col("reported_cli_typo_keys"), col("expected_cli_typo_keys")), lit(AttemptsTable.MATCH_TYPO))
        .otherwise(lit(AttemptsTable.MATCH_DIFFERENT));
    return answered
        .withColumn("cli_match", match)
        .withColumn("before_alert", col("call_id").isNotNull()
            .and(col("alert_time").isNull().or(col("report_time").lt(col("alert_time")))));
  }

  private static Dataset<Row> perCallReports(Dataset<Row> reports) {
    return reports.where(col("call_id").isNotNull()).groupBy("verification_id", "call_id").agg(
        count(lit(1)).cast("int").as("reports"),
        countWhere(col("cli_match").equalTo(AttemptsTable.MATCH_EXACT)).as("exact_reports"),
        countWhere(col("cli_match").equalTo(AttemptsTable.MATCH_CODE_TYPO)).as("code_typo_reports"),
        countWhere(col("cli_match").equalTo(AttemptsTable.MATCH_TYPO)).as("typo_reports"),
        countWhere(col("cli_match").equalTo(AttemptsTable.MATCH_DIFFERENT)).as("different_reports"),
        countWhere(col("cli_match").equalTo(AttemptsTable.MATCH_UNPARSEABLE)).as("unparseable_reports"),
        countWhere(col("before_alert")).as("reports_before_alert"),
        min("report_time").as("first_report_time"));
  }

  private static Column countWhere(Column condition) {
    return sum(when(condition, 1).otherwise(0)).cast("int");
  }

  private static Column callStruct() {
    return struct(
        col("placed_time"), col("call_id"), col("route_id"), col("code_length"), col("cdr_found"), col("sip_code"),
        col("alert_time").isNotNull().as("alerted"),
        coalesce(col("answered"), lit(false)).as("answered"),
        unix_millis(col("alert_time")).minus(unix_millis(col("placed_time"))).as("pdd_ms"),
        col("diversion_count"), col("connected_differs"),
        coalesce(col("reports"), lit(0)).as("reports"),
        coalesce(col("exact_reports"), lit(0)).as("exact_reports"),
        coalesce(col("code_typo_reports"), lit(0)).as("code_typo_reports"),
        coalesce(col("different_reports"), lit(0)).as("different_reports"),
        coalesce(col("unparseable_reports"), lit(0)).as("unparseable_reports"),
        coalesce(col("reports_before_alert"), lit(0)).as("reports_before_alert"),
        col("first_report_time"), col("cost"),
        coalesce(col("typo_reports"), lit(0)).as("typo_reports"));
  }

  /** Facts of the verification's own events: request, phone, final status. */
  private static Dataset<Row> eventSummary(Dataset<Row> events) {
    Column type = col("event_type");
    Column terminal = type.isin("VERIFIED", "FAILED", "EXPIRED", "FALLBACK_SMS");
    return events.groupBy("verification_id").agg(
        min("event_time").as("first_event_time"),
        min(struct(col("event_time"), col("event_id"), col("app_id"), col("phone_hash"),
            col("phone_country"), col("phone_type"), col("phone_range"), col("phone_block"))).as("first"),
        min(when(type.equalTo("REQUESTED"), struct(col("event_time"), col("event_id"), col("method"),
            col("device_id"), col("device_platform"), col("ip"), col("ip_country")))).as("request"),
        min(when(type.equalTo("VERIFIED"), col("event_time"))).as("verified_time"),
        min(when(type.equalTo("FALLBACK_SMS"), col("event_time"))).as("fallback_time"),
        max(when(terminal, struct(col("event_time"),
            when(type.equalTo("VERIFIED"), 3).when(type.equalTo("FALLBACK_SMS"), 2)
                .when(type.equalTo("EXPIRED"), 1).otherwise(0).as("priority"),
            type.as("event_type")))).as("last_terminal"),
        max(when(type.equalTo("FAILED"), struct(col("event_time"), col("event_id"), col("failure_reason"))))
            .as("last_failure"));
  }

  private static Column[] finalColumns() {
    Column lastCall = col("last_call");
    Column verified = col("verified_time").isNotNull()
        .and(col("fallback_time").isNull().or(col("verified_time").lt(col("fallback_time"))));
    Column callCount = coalesce(size(col("calls")), lit(0)).cast("int");
    Column noCalls = col("calls").isNull();
    Column cliMatch = when(noCalls, lit(AttemptsTable.MATCH_NONE))
        .when(lastCall.getField("exact_reports").gt(0), lit(AttemptsTable.MATCH_EXACT))
        .when(lastCall.getField("code_typo_reports").gt(0), lit(AttemptsTable.MATCH_CODE_TYPO))
        .when(lastCall.getField("typo_reports").gt(0), lit(AttemptsTable.MATCH_TYPO))
        .when(lastCall.getField("different_reports").gt(0), lit(AttemptsTable.MATCH_DIFFERENT))
        .when(lastCall.getField("unparseable_reports").gt(0), lit(AttemptsTable.MATCH_UNPARSEABLE))
        .otherwise(lit(AttemptsTable.MATCH_NONE));
    // a report we cannot read as a number (the code's digits alone) that the platform verified carried
    // the right code, so the call showed our CLI's code digits: what a route that substitutes cannot do
    Column cliOutcome = when(noCalls.or(col("request.method").equalTo("sms")), lit(AttemptsTable.NOT_APPLICABLE))
        .when(cliMatch.isin(AttemptsTable.MATCH_EXACT, AttemptsTable.MATCH_CODE_TYPO, AttemptsTable.MATCH_TYPO)
                .or(cliMatch.equalTo(AttemptsTable.MATCH_UNPARSEABLE).and(verified)),
            lit(AttemptsTable.DELIVERED))
        .when(cliMatch.equalTo(AttemptsTable.MATCH_DIFFERENT), lit(AttemptsTable.ALTERED))
        .otherwise(lit(AttemptsTable.MISSING));
    // A VERIFIED that comes after FALLBACK_SMS was earned by the SMS, not by the flash call.
    Column finalStatus = when(verified, lit("VERIFIED"))
        .when(col("last_terminal").isNotNull(),
            when(col("last_terminal.event_type").equalTo("VERIFIED"), lit("FALLBACK_SMS"))
                .otherwise(col("last_terminal.event_type")))
        .otherwise(lit("PENDING"));
    Column[] columns = {
        col("verification_id"),
        col("first.app_id").as("app_id"),
        col("first.phone_hash").as("phone_hash"),
        col("first.phone_country").as("phone_country"),
        col("first.phone_type").as("phone_type"),
        col("first.phone_range").as("phone_range"),
        col("first.phone_block").as("phone_block"),
        col("request.method").as("method"),
        col("request.event_time").as("requested_time"),
        col("first_event_time"),
        col("request.device_id").as("device_id"),
        col("request.device_platform").as("device_platform"),
        col("request.ip").as("ip"),
        col("request.ip_country").as("ip_country"),
        callCount.as("call_count"),
        element_at(col("calls"), 1).getField("route_id").as("first_route_id"),
        lastCall.getField("route_id").as("route_id"),
        lastCall.getField("call_id").as("call_id"),
        lastCall.getField("placed_time").as("call_placed_time"),
        lastCall.getField("code_length").as("code_length"),
        lastCall.getField("cdr_found").as("cdr_found"),
        lastCall.getField("sip_code").as("sip_code"),
        lastCall.getField("alerted").as("alerted"),
        lastCall.getField("answered").as("answered"),
        lastCall.getField("pdd_ms").as("pdd_ms"),
        col("max_diversion_count").as("diversion_count"),
        col("any_connected_differs").as("connected_differs"),
        col("call_cost"),
        coalesce(col("report_count"), lit(0)).as("report_count"),
        col("first_report.report_time").as("first_report_time"),
        col("first_report.report_source").as("report_source"),
        col("last_report.device_id").as("report_device_id"),
        col("last_report.ip_country").as("report_ip_country"),
        unix_millis(lastCall.getField("first_report_time"))
            .minus(unix_millis(lastCall.getField("placed_time"))).minus(lastCall.getField("pdd_ms"))
            .as("report_delay_ms"),
        coalesce(col("reported_before_alert"), lit(false)).as("reported_before_alert"),
        cliMatch.as("cli_match"),
        cliOutcome.as("cli_outcome"),
        verified.as("verified"),
        col("fallback_time").isNotNull().as("fell_back_to_sms"),
        finalStatus.as("final_status"),
        coalesce(when(verified, col("verified_time")), col("last_terminal.event_time")).as("final_time"),
        when(verified, unix_millis(col("verified_time")).minus(unix_millis(col("request.event_time"))))
            .as("time_to_verify_ms"),
        col("last_failure.failure_reason").as("failure_reason"),
        coalesce(col("calls"), expr("array()")).cast(DataTypes.createArrayType(AttemptsTable.CALL)).as("calls"),
        to_date(col("first_event_time")).as(WarehouseTable.DATE)};
    return Arrays.stream(columns).toArray(Column[]::new);
  }
}
