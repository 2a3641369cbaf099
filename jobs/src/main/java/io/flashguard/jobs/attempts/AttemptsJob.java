package io.flashguard.jobs.attempts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.VerificationEventsTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.ShufflePartitions;
import io.flashguard.core.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Assembles the {@code attempts} table: one row per verification, its calls (CALL_PLACED events
 * joined with their CDR legs by call_id, or by verification, route and CLI when the event names no
 * call) and its reports, each report compared with the call it answers — the latest call placed
 * before it, or the first call if it came before any.
 *
 * <p>The events and the legs of their calls are shuffled once, by verification, and each
 * verification is assembled from its rows in one pass ({@link AttemptAssembler}); the table's
 * columns are then derived from that in SQL. (Assembled with aggregations and joins instead, the
 * events were read six times and shuffled several: docs/benchmarks.md.)
 *
 * <p>A verification belongs to the UTC date of its first event. To assemble days D1..D2 the job
 * reads events and legs of D1-1..D2+1, so verifications that cross midnight are whole.
 */
public final class AttemptsJob {
  private static final String LEG_KEY = AttemptAssembler.LEG_KEY;

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
      return ShufflePartitions.sizedBy(spark,
          () -> warehouse.publish(spark, AttemptsTable.TABLE, attempts, WarehouseTable.days(from, to)), events, legs);
    });
  }

  /** How many calls of the attempts of {@code from..to} there are, and how many of them found no CDR leg. */
  public CallLegs callLegs(LocalDate from, LocalDate to) {
    Row counts = warehouse.read(spark, AttemptsTable.TABLE, from, to)
        .select(explode(col("calls.cdr_found")).as("cdr_found"))
        .agg(count(lit(1)), count(when(not(col("cdr_found")), lit(1))))
        .first();
    return new CallLegs(counts.getLong(0), counts.getLong(1));
  }

  /** Calls, and those without a CDR leg: they carry no alerting, diversion or answer evidence. */
  public record CallLegs(long calls, long withoutLeg) {
    public double withoutLegShare() {
      return calls == 0 ? 0.0 : (double) withoutLeg / calls;
    }
  }

  /**
   * The attempts of the given events and legs, in the table's schema; writes nothing. One small job
   * reads whether some CALL_PLACED event names no call ({@link #entries}).
   */
  public static Dataset<Row> assemble(Dataset<Row> events, Dataset<Row> legs) {
    Dataset<Row> entries = entries(events, legs);
    // one shuffle of the verification's rows; each verification is then assembled in one pass
    Dataset<Row> assembled = entries.groupBy("verification_id")
        .as(Encoders.STRING(), Encoders.row(entries.schema()))
        .mapGroups(new AttemptAssembler(entries.schema()), Encoders.row(AttemptAssembler.SCHEMA));
    return assembled.withColumn("last_call", element_at(col("calls"), -1)).select(finalColumns());
  }

  /**
   * Every event of the verifications with the columns assembling reads, and beside them, as entries
   * of their own ({@link AttemptAssembler#LEG}), the CDR legs of their calls; the assembler gives each
   * CALL_PLACED event the legs of its key ({@link AttemptAssembler#LEG_KEY}). A CALL_PLACED event
   * finds its legs by call_id; one that names no call (the event log's call_id is optional) finds them
   * by the verification id the CDR carries, the route and the CLI dialed. That second way is planned
   * only when such events exist: it adds a second copy of the legs to the join, and keys that say
   * which way they were found. Only the placed events' keys meet the legs, so each event is read whole
   * and shuffled once, by verification (joined whole with their legs, the placed events were read and
   * shuffled apart from the others first: docs/benchmarks.md, "each event read and shuffled once").
   */
  private static Dataset<Row> entries(Dataset<Row> events, Dataset<Row> legs) {
    Column placed = col("event_type").equalTo("CALL_PLACED");
    Dataset<Row> placedEvents = events.where(placed);
    boolean untagged = !placedEvents.where(col("call_id").isNull()).select("event_id").isEmpty();
    Dataset<Row> cdr = legFacts(legs, untagged ? concat(lit("call|"), col("call_id")) : col("call_id"));
    Column eventKey = col("call_id");
    if (untagged) {
      cdr = cdr.unionByName(legFacts(legs.where(col("verification_id").isNotNull()), verificationKey(col("cli_hash"))));
      eventKey = when(col("call_id").isNotNull(), concat(lit("call|"), col("call_id")))
          .otherwise(verificationKey(col("expected_cli_hash")));
    }
    // a verification's key once, however many of its events name it: each leg comes once per verification
    Dataset<Row> callKeys = placedEvents.select(col("verification_id"), eventKey.as(LEG_KEY))
        .where(col(LEG_KEY).isNotNull()).distinct();
    List<Column> legColumns = new ArrayList<>(List.of(col("verification_id"),
        lit(AttemptAssembler.LEG).as("event_type"), col("leg_call_id").as("call_id"), col(LEG_KEY)));
    Arrays.stream(cdr.schema().fieldNames())
        .filter(name -> !name.equals(LEG_KEY) && !name.equals("leg_call_id"))
        .forEach(name -> legColumns.add(col(name)));
    Dataset<Row> legEntries = callKeys.join(cdr, new String[] {LEG_KEY}).select(legColumns.toArray(Column[]::new));
    List<Column> eventEntry = new ArrayList<>(Arrays.asList(eventColumns(col("call_id"))));
    eventEntry.add(when(placed, eventKey).as(LEG_KEY));
    // each side's columns that the other lacks are null in its rows
    return events.select(eventEntry.toArray(Column[]::new)).unionByName(legEntries, true);
  }

  /** What assembling reads of a leg, under the key a CALL_PLACED event finds it by. */
  private static Dataset<Row> legFacts(Dataset<Row> legs, Column key) {
    return legs.select(
        key.as(LEG_KEY), col("call_id").as("leg_call_id"), lit(true).as("cdr_found"), col("sip_code"),
        col("start_time"), col("alert_time"), col("alert_time_available"), col("answered"), col("diversion_count"),
        col("connected_differs"), col("cost"));
  }

  /** A call's key by verification, route and CLI dialed: null, and so matching nothing, when one is missing. */
  private static Column verificationKey(Column cliHash) {
    return concat(lit("verification|"), col("verification_id"), lit("|"), col("route_id"), lit("|"), cliHash);
  }

  private static Column[] eventColumns(Column callId) {
    return new Column[] {
        col("verification_id"), col("event_type"), col("event_time"), col("event_id"), col("app_id"),
        col("phone_hash"), col("phone_country"), col("phone_type"), col("phone_range"), col("phone_block"),
        col("method"), col("device_id"), col("device_platform"), col("ip"), col("ip_country"), col("failure_reason"),
        col("reported_cli_hash"), col("reported_cli_stem_hashes"), col("reported_cli_typo_keys"),
        col("reported_cli_digits_key"), col("reported_cli_valid"), col("report_source"),
        callId.as("call_id"), col("route_id"), col("expected_cli_hash"), col("expected_cli_stem_hash"),
        col("expected_cli_typo_keys"), col("expected_cli_digits_keys"), col("code_length")};
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
