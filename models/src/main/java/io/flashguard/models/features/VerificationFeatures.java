package io.flashguard.models.features;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.WarehouseTable;
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
  /** Days before a scored day over which a route's CLI substitution is pooled. */
  public static final int ROUTE_BASELINE_DAYS = 7;
  /** Longest lead {@code report_lead_s} records. */
  public static final double MAX_REPORT_LEAD_S = 3600.0;
  /**
   * The destination country a route's facts are kept per: a route that serves several countries
   * (a wholesale aggregator) may substitute CLIs towards one and deliver them intact to another.
   */
  private static final String ROUTE_COUNTRY = "route_country";
  /** The calls whose CLI a report gave back ({@link #readsBackItsCli}), a column while features are computed. */
  private static final String READ_BACK_CALLS = "read_back_calls";
  /** The calls that completed the verification ({@link #completingCalls}), likewise. */
  private static final String COMPLETING_CALLS = "completing_calls";

  private VerificationFeatures() {}

  /**
   * Features of the attempts dated {@code from..to}.
   *
   * @param history attempts of {@code from - LOOKBACK_DAYS .. to} (fewer earlier days just means a shorter memory)
   * @param events verification events of {@code from - 1 .. to + 1}
   * @param legs CDR legs of {@code from - 1 .. to + 1}
   */
  public static Dataset<Row> compute(Dataset<Row> history, Dataset<Row> events, Dataset<Row> legs, LocalDate from,
      LocalDate to) {
    Dataset<Row> scored = history.where(WarehouseTable.dateBetween(from, to)).withColumn(ROUTE_COUNTRY, routeCountry());
    String[] routeDay = {"route_id", ROUTE_COUNTRY, WarehouseTable.DATE};
    String[] verification = {"verification_id"};
    // The scored attempts are wide (their calls), so they are shuffled once, by verification: the
    // route's facts of a day are a few rows per route and country, sent to every task, and the
    // history, devices and reports are reduced to a few columns per verification before they meet them.
    return scored
        .join(broadcast(routeFacts(scored)), routeDay, "left")
        .join(broadcast(routeBaseline(history, scored, from, to)), routeDay, "left")
        .join(numberHistory(history, from, to), verification, "left")
        .join(cliProvenance(events), verification, "left")
        .join(devicesNumbers(history, scored), verification, "left")
        .join(connectedParties(scored, legs), verification, "left")
        // each lambda over the calls is evaluated in Spark's interpreter, and reading a field in one
        // is slow (docs/benchmarks.md, "lambdas over the calls in the features"): the calls that
        // completed the verification are found once, not once per feature that reads them
        .withColumn(READ_BACK_CALLS, filter(col("calls"), VerificationFeatures::readsBackItsCli))
        .withColumn(COMPLETING_CALLS, completingCalls())
        .select(columns());
  }

  /**
   * Per verification dated {@code from..to}, what the same number's attempts of the previous
   * {@link #LOOKBACK_DAYS} days say: seen before, device seen, last verification (when, its device,
   * the platform that asked for it). The frame is a time range, not "everything loaded", so a day's
   * features do not depend on which days were computed with it. Only the few columns it reads are
   * sorted, however many days the history holds.
   */
  private static Dataset<Row> numberHistory(Dataset<Row> history, LocalDate from, LocalDate to) {
    long lookback = LOOKBACK_DAYS * 86_400_000L;
    Column time = unix_millis(col("first_event_time"));
    WindowSpec byNumber = Window.partitionBy("phone_hash").orderBy(time).rangeBetween(-lookback, -1);
    WindowSpec byNumberAndDevice = Window.partitionBy("phone_hash", "device_id").orderBy(time)
        .rangeBetween(-lookback, -1);
    // one select per window: each window column added on its own costs a sort of the whole history
    return history
        .select(col("verification_id"), col("phone_hash"), col("device_id"), col("first_event_time"),
            col(WarehouseTable.DATE),
            count(lit(1)).over(byNumber).as("prior_attempts"),
            last(when(col("verified"), col("first_event_time")), true).over(byNumber).as("last_verified_time"),
            last(when(col("verified"), col("report_device_id")), true).over(byNumber).as("last_verified_device"),
            last(when(col("verified"), lower(col("device_platform"))), true).over(byNumber)
                .as("last_verified_platform"))
        .withColumn("prior_attempts_with_device",
            when(col("device_id").isNull(), lit(0L)).otherwise(count(lit(1)).over(byNumberAndDevice)))
        .where(WarehouseTable.dateBetween(from, to))
        .select("verification_id", "prior_attempts", "last_verified_time", "last_verified_device",
            "last_verified_platform", "prior_attempts_with_device");
  }

  /**
   * Per verification, where its reported CLIs came from: dialed to another number within a day of
   * the report and not a typo of this verification's own CLI (replay: a typo of ours can be one of
   * our other numbers, dialed to someone else that day, and is still a typo), or dialed to nobody and
   * not a typo of this verification's own CLI ("foreign"). Foreign CLIs are described further,
   * because honest traffic has them too — a route that substitutes our CLI shows the handset another
   * number: how many different numbers reported the same CLI within a day either side (a SIM box or
   * a gateway shows a few numbers to many people; a spoofer's made-up CLI is its own), whether it
   * looks like one of ours with another code (its stem is the stem of a CLI we dialed: a guess, or a
   * substitute where our ranges are broad), and whether it is of another country than the number
   * verified (substitution shows local numbers). A report one
   * typo away from a CLI we dialed to this verification (any digit, not only the code's) is a typo of
   * its own, and one with our CLI's digits written without its "+" is our CLI; and the other CLIs it
   * reported are counted as different numbers tried, a number one typo away from one reported before
   * it being the same number retyped ({@link #numbersTried}).
   */
  private static Dataset<Row> cliProvenance(Dataset<Row> events) {
    Dataset<Row> placed = events.where(col("event_type").equalTo("CALL_PLACED"));
    Dataset<Row> reports = events.where(col("event_type").equalTo("CLI_REPORTED").and(col("reported_cli_hash").isNotNull()))
        .select(col("event_id"), col("verification_id"), col("phone_hash"), col("phone_country"),
            col("reported_cli_hash").as("cli"), col("reported_cli_stem_hashes"), col("reported_cli_typo_keys"),
            col("reported_cli_digits_key"), col("reported_cli_country"), col("event_time").as("report_time"),
            col(WarehouseTable.DATE));
    // Each fact of a report is found where its key lives (the verification's calls, the CLI's
    // dialings) and comes back as a few columns per report: only plain aggregates, no arrays
    // collected. One aggregation per verification then counts its reports and collects the few that
    // were not its CLI: as two aggregations joined, the reports were described twice (docs/benchmarks.md).
    String[] report = {"event_id"};
    Dataset<Row> described = reports
        .select("event_id", "verification_id", "phone_country", "cli", "reported_cli_typo_keys", "reported_cli_country",
            "report_time")
        .join(ownCliMatches(reports, placed), report, "left")
        .join(dialings(reports, placed), report, "left")
        .join(poolLikeReports(reports, placed), report, "left");
    Column ownCli = coalesce(col("own_cli"), lit(false));
    Column typoOfOwn = coalesce(col("typo_of_own"), lit(false));
    Column foreign = coalesce(col("dialings"), lit(0L)).equalTo(0).and(not(typoOfOwn)).and(not(ownCli));
    Column other = not(ownCli).and(not(typoOfOwn));
    return described.groupBy("verification_id").agg(
            sum(when(other.and(coalesce(col("dialed_elsewhere"), lit(false))), 1).otherwise(0)).as("replayed"),
            sum(when(foreign, 1).otherwise(0)).as("foreign"),
            sum(when(foreign.and(coalesce(col("pool_like"), lit(false))), 1).otherwise(0)).as("pool_like"),
            sum(when(foreign.and(col("reported_cli_country").isNotNull())
                .and(col("reported_cli_country").notEqual(coalesce(col("phone_country"), lit("")))), 1).otherwise(0))
                .as("foreign_abroad"),
            max(when(foreign, col("sharers"))).as("foreign_sharers"),
            // collect_list leaves the nulls out: only the reports that were not this verification's CLI
            collect_list(when(other, struct(col("report_time"), col("cli"), col("reported_cli_typo_keys").as("typo_keys"))))
                .as("other_reports"))
        .select(col("*"), numbersTried(col("other_reports")).as("other_clis"))
        .drop("other_reports");
  }

  /**
   * Per report that has calls of its verification: whether it gave back one of their CLIs
   * ({@code own_cli}: exactly, or its digits written without the "+"), or one typo away from one
   * ({@code typo_of_own}: a shared stem or typo key).
   */
  private static Dataset<Row> ownCliMatches(Dataset<Row> reports, Dataset<Row> placed) {
    Dataset<Row> ownCalls = placed.select(col("verification_id"), col("expected_cli_hash").as("call_cli"),
        col("expected_cli_stem_hash").as("call_stem"), col("expected_cli_typo_keys").as("call_typo_keys"),
        col("expected_cli_digits_keys").as("call_digits_keys"));
    Column own = col("cli").equalTo(col("call_cli"))
        .or(array_contains(col("call_digits_keys"), col("reported_cli_digits_key")));
    Column typo = array_contains(col("reported_cli_stem_hashes"), col("call_stem"))
        .or(arrays_overlap(col("reported_cli_typo_keys"), col("call_typo_keys")));
    return reports.select("event_id", "verification_id", "cli", "reported_cli_stem_hashes", "reported_cli_typo_keys",
            "reported_cli_digits_key")
        .join(ownCalls, new String[] {"verification_id"})
        .groupBy("verification_id", "event_id")
        .agg(max(coalesce(own, lit(false))).as("own_cli"), max(coalesce(typo, lit(false))).as("typo_of_own"))
        .drop("verification_id");
  }

  /**
   * Per report: how often its CLI was dialed within a day of it ({@code dialings}), whether to
   * another number than the one verified ({@code dialed_elsewhere}: a replay), and how many
   * different numbers reported the same CLI within a day ({@code sharers}).
   */
  private static Dataset<Row> dialings(Dataset<Row> reports, Dataset<Row> placed) {
    Dataset<Row> dialed = placed.where(col("expected_cli_hash").isNotNull())
        .select(col("expected_cli_hash").as("dialed_cli"), col("phone_hash").as("dialed_to"),
            col("event_time").as("dialed_time"));
    Column withinADay = col("dialed_cli").equalTo(col("cli"))
        .and(col("dialed_time").between(col("report_time").minus(expr("INTERVAL 1 DAY")),
            col("report_time").plus(expr("INTERVAL 1 DAY"))));
    return reports.select("event_id", "cli", "phone_hash", "report_time", WarehouseTable.DATE)
        .join(dialed, withinADay, "left")
        .groupBy("cli", WarehouseTable.DATE, "event_id", "phone_hash")
        .agg(count(col("dialed_to")).as("dialings"),
            max(col("dialed_to").notEqual(col("phone_hash"))).as("dialed_elsewhere"))
        .join(numbersWithinADay(reports, "cli", "phone_hash", "sharers"), new String[] {"cli", WarehouseTable.DATE}, "left")
        .select("event_id", "dialings", "dialed_elsewhere", "sharers");
  }

  /**
   * How many different numbers a verification's reports tried: its reported CLIs in the order
   * reported, not counting one that was reported before or is one typo away from one reported
   * before it (they share a typo key: the same number retyped). An honest user whose route showed
   * another number retypes that one number; a guesser tries different ones. Reports ingested before
   * typo keys existed count as distinct CLIs.
   */
  static Column numbersTried(Column reports) {
    Column inOrder = array_sort(reports);
    return size(filter(inOrder, (report, i) -> not(exists(slice(inOrder, lit(1), i),
        earlier -> earlier.getField("cli").equalTo(report.getField("cli"))
            .or(coalesce(arrays_overlap(earlier.getField("typo_keys"), report.getField("typo_keys")), lit(false)))))));
  }

  /**
   * Per {@code key} and day: the distinct {@code counted} values of the rows with that key, counted per
   * day and summed over the day before, the day and the day after (a per-day sum, so the cost stays
   * linear however many rows share a key). Used for the numbers that reported one CLI (a SIM box's
   * number reaches many) and the numbers one connected party answered for (a voicemail platform).
   */
  private static Dataset<Row> numbersWithinADay(Dataset<Row> rows, String key, String counted, String as) {
    Dataset<Row> perDay = rows.groupBy(col(key).as("_key"), col(WarehouseTable.DATE).as("_day"))
        .agg(countDistinct(counted).as("_numbers"));
    // the keys' days are the groups counted: one pass over the rows, not two
    Dataset<Row> keyDays = perDay.select(col("_key").as(key), col("_day").as(WarehouseTable.DATE));
    return keyDays.join(perDay, col("_key").equalTo(col(key)).and(withinADay(col("_day"))))
        .groupBy(key, WarehouseTable.DATE).agg(sum("_numbers").as(as));
  }

  /** {@code day} is the row's date, the day before or the day after. */
  private static Column withinADay(Column day) {
    return day.between(date_sub(col(WarehouseTable.DATE), 1), date_add(col(WarehouseTable.DATE), 1));
  }

  /**
   * Reports whose CLI, less its last 3..6 digits, is the stem of a CLI we dialed on the report's day
   * or a day either side (so that a day's features do not depend on which other days are loaded).
   */
  private static Dataset<Row> poolLikeReports(Dataset<Row> reports, Dataset<Row> placed) {
    Dataset<Row> stems = placed.where(col("expected_cli_stem_hash").isNotNull())
        .select(col("expected_cli_stem_hash").as("dialed_stem"), col(WarehouseTable.DATE).as("dialed_date")).distinct();
    Dataset<Row> reportStems = reports.select(col("event_id"), col(WarehouseTable.DATE),
        explode(col("reported_cli_stem_hashes")).as("stem"));
    return reportStems.join(stems, col("dialed_stem").equalTo(col("stem")).and(withinADay(col("dialed_date"))),
            "left_semi")
        .select(col("event_id")).distinct().withColumn("pool_like", lit(true));
  }

  /**
   * Per scored verification with a device, the distinct numbers its device asked to verify over the
   * {@link #LOOKBACK_DAYS} days up to the end of its day.
   */
  private static Dataset<Row> devicesNumbers(Dataset<Row> history, Dataset<Row> scored) {
    Dataset<Row> withDevice = scored.where(col("device_id").isNotNull())
        .select(col("verification_id"), col("device_id"), col(WarehouseTable.DATE));
    Dataset<Row> deviceDays = withDevice.select(col("device_id"), col(WarehouseTable.DATE)).distinct();
    Dataset<Row> earlier = history.where(col("device_id").isNotNull())
        .select(col("device_id").as("earlier_device"), col("phone_hash"), col(WarehouseTable.DATE).as("earlier_date"));
    Dataset<Row> perDeviceDay = deviceDays.join(earlier, col("earlier_device").equalTo(col("device_id"))
            .and(col("earlier_date").between(date_sub(col(WarehouseTable.DATE), LOOKBACK_DAYS), col(WarehouseTable.DATE))))
        .groupBy("device_id", WarehouseTable.DATE).agg(countDistinct("phone_hash").as("numbers_of_device"));
    return withDevice.join(perDeviceDay, new String[] {"device_id", WarehouseTable.DATE})
        .select("verification_id", "numbers_of_device");
  }

  /**
   * What the verification's route did that day towards the verified number's country: share of
   * reported CLIs that were altered ({@link #alteredShare}), share answered.
   */
  private static Dataset<Row> routeFacts(Dataset<Row> attempts) {
    Column flashCall = col("call_count").gt(0);
    return attempts.where(col("route_id").isNotNull()).select(withAlteredCounts())
        .groupBy("route_id", ROUTE_COUNTRY, WarehouseTable.DATE)
        .agg(alteredShare().as("route_altered"),
            (sum(when(coalesce(col("answered"), lit(false)), 1).otherwise(0))
                .divide(greatest(sum(when(flashCall, 1).otherwise(0)), lit(1)))).as("route_answered"));
  }

  /**
   * An attempt's columns and, as 0 or 1, whether it reported a CLI (delivered or altered), an
   * altered one, and the same among the reports of {@link #routeWitnesses()}: the counts that
   * {@link #alteredShare} sums.
   */
  private static Column[] withAlteredCounts() {
    Column reported = col("cli_outcome").isin(AttemptsTable.DELIVERED, AttemptsTable.ALTERED);
    Column altered = col("cli_outcome").equalTo(AttemptsTable.ALTERED);
    Column witness = routeWitnesses();
    return new Column[] {col("*"), indicator(reported).as("reported"), indicator(altered).as("altered"),
        indicator(reported.and(witness)).as("witnessed"), indicator(altered.and(witness)).as("witnessed_altered")};
  }

  private static Column indicator(Column condition) {
    return when(condition, 1L).otherwise(0L);
  }

  /**
   * The share of reported CLIs that were altered, summed over the rows of {@link
   * #withAlteredCounts} (or over sums of them): among the reports of {@link #routeWitnesses()};
   * among all reports when none of them is one.
   */
  private static Column alteredShare() {
    return when(sum("witnessed").gt(0), sum("witnessed_altered").divide(sum("witnessed")))
        .otherwise(sum("altered").divide(greatest(sum("reported"), lit(1))));
  }

  /**
   * Attempts whose report can have come from the handset that rang, and so says what the route
   * showed it: all but those reported before the call alerted, for a call that never alerted, by an
   * interception claimed off Android, or from another device than the request. Those are evidence
   * of a spoof in themselves; counted, the attackers a route carried would raise the share of CLIs
   * it seems to alter, and a clean route with enough of them would excuse the rest as its
   * substitutes. Over the columns of {@code attempts}; route_metrics' {@code cli_altered_rate}
   * counts the reports of the same attempts (docs/metrics.md).
   *
   * <p>A report on a call that never alerted is one {@code reported_before_alert} counts already
   * (docs/tables.md: it "answered a call that never alerted"), so no function over the calls is
   * needed here: one would be interpreted, and keep Spark from compiling the filter and what reads
   * it (docs/benchmarks.md, "the route witnesses without a lambda").
   */
  public static Column routeWitnesses() {
    return not(coalesce(col("reported_before_alert"), lit(false))
        .or(coalesce(interceptedOffAndroid(), lit(false)))
        .or(coalesce(reportFromOtherDevice(), lit(false))));
  }

  /**
   * Some call that never alerted was reported on. The lambda reads the calls' fields as arrays of
   * their own: Spark interprets a lambda, and one that reads a struct's field pays for that on every
   * element (docs/benchmarks.md, "the last lambdas over the calls read arrays"). Every lambda over
   * the calls here does the same, but the filter that finds the calls read back, once per row.
   */
  private static Column reportOnUnalertedCall() {
    return expr("array_contains(zip_with(calls.reports, calls.alerted, "
        + "(reports, alerted) -> reports > 0 and alerted = false), true)");
  }

  /**
   * Only Android's SDK reads an incoming call's number; a request made on a client known to be
   * something else whose own report claims interception was posted by a tool, not a handset.
   */
  private static Column interceptedOffAndroid() {
    Column platform = lower(coalesce(col("device_platform"), lit("other")));
    return lower(coalesce(col("report_source"), lit(""))).equalTo("intercepted").and(col("device_platform").isNotNull())
        .and(not(platform.equalTo("android")))
        .and(coalesce(col("report_device_id"), col("device_id")).eqNullSafe(col("device_id")));
  }

  private static Column reportFromOtherDevice() {
    return col("report_count").gt(0).and(col("report_device_id").isNotNull()).and(col("device_id").isNotNull())
        .and(col("report_device_id").notEqual(col("device_id")));
  }

  /**
   * The share of reported CLIs each route altered towards each country over the
   * {@link #ROUTE_BASELINE_DAYS} days before each scored day, pooled; null without earlier reports.
   * Substitution is a habit of a route (a SIM box does not go away overnight), so a route that
   * altered CLIs all week explains a never-dialed CLI even on a day with few reports.
   */
  private static Dataset<Row> routeBaseline(Dataset<Row> history, Dataset<Row> scored, LocalDate from, LocalDate to) {
    // only the days some scored day pools: the history holds LOOKBACK_DAYS, and every attempt of it
    // aggregated here pays for the route witnesses' function over its calls (docs/benchmarks.md)
    Dataset<Row> daily = history
        .where(WarehouseTable.dateBetween(from.minusDays(ROUTE_BASELINE_DAYS), to.minusDays(1))
            .and(col("route_id").isNotNull())
            .and(col("cli_outcome").isin(AttemptsTable.DELIVERED, AttemptsTable.ALTERED)))
        .withColumn(ROUTE_COUNTRY, routeCountry())
        .select(withAlteredCounts())
        .groupBy(col("route_id").as("baseline_route"), col(ROUTE_COUNTRY).as("baseline_country"),
            col(WarehouseTable.DATE).as("baseline_date"))
        .agg(sum("reported").as("reported"), sum("altered").as("altered"), sum("witnessed").as("witnessed"),
            sum("witnessed_altered").as("witnessed_altered"));
    Dataset<Row> routeDays = scored.where(col("route_id").isNotNull())
        .select("route_id", ROUTE_COUNTRY, WarehouseTable.DATE).distinct();
    return routeDays.join(daily, col("baseline_route").equalTo(col("route_id"))
            .and(col("baseline_country").equalTo(col(ROUTE_COUNTRY)))
            .and(col("baseline_date").between(date_sub(col(WarehouseTable.DATE), ROUTE_BASELINE_DAYS),
                date_sub(col(WarehouseTable.DATE), 1))))
        .groupBy("route_id", ROUTE_COUNTRY, WarehouseTable.DATE)
        .agg(alteredShare().as("route_altered_baseline"));
  }

  /** The verified number's country, or an empty string when it is not known, as a join key. */
  private static Column routeCountry() {
    return coalesce(col("phone_country"), lit(""));
  }

  /**
   * Per verification, the most distinct called numbers that any party connected on one of its calls
   * was connected for, on the call's day and a day either side (summed per day): an operator's
   * voicemail platform answers diverted calls for many subscribers, a hijacker's phone for a few victims.
   */
  private static Dataset<Row> connectedParties(Dataset<Row> scored, Dataset<Row> legs) {
    Dataset<Row> connected = legs.where(col("connected_hash").isNotNull());
    Dataset<Row> calls = scored.select(col("verification_id"), explode(col("calls.call_id")).as("call_id"));
    return calls.join(connected.select("call_id", "connected_hash", WarehouseTable.DATE), new String[] {"call_id"})
        .join(numbersWithinADay(connected, "connected_hash", "b_hash", "connected_numbers"),
            new String[] {"connected_hash", WarehouseTable.DATE})
        .groupBy("verification_id").agg(max("connected_numbers").as("connected_numbers"));
  }

  /**
   * The calls that completed the verification: those whose CLI a report gave back (exactly or with a
   * code typo), else, when the platform verified a report we cannot read back to a CLI (the digits
   * alone, a form of another numbering plan), the last call, whose code it checked. Empty when
   * nothing completed it. A voicemail leg before a retry that verified is not among them.
   */
  private static Column completingCalls() {
    Column readBack = col(READ_BACK_CALLS);
    return when(size(readBack).gt(0), readBack)
        .when(coalesce(col("verified"), lit(false)), slice(col("calls"), -1, 1))
        .otherwise(filter(col("calls"), call -> lit(false)));
  }

  /** Whether some report gave this call's CLI back: exactly, or one typo away (in the code digits or elsewhere). */
  private static Column readsBackItsCli(Column call) {
    return coalesce(call.getField("exact_reports"), lit(0))
        .plus(coalesce(call.getField("code_typo_reports"), lit(0)))
        .plus(coalesce(call.getField("typo_reports"), lit(0))).gt(0);
  }

  private static Column flag(Column condition) {
    return when(coalesce(condition, lit(false)), 1.0).otherwise(0.0);
  }

  /** The number of calls that never alerted (alerting unknown: not counted). */
  private static Column unalertedCalls() {
    return expr("size(filter(calls.alerted, alerted -> alerted = false))").cast("double");
  }

  private static Column perCallSum(String field) {
    return expr("aggregate(calls." + field + ", 0, (total, value) -> total + coalesce(value, 0))").cast("double");
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
        flag(reportOnUnalertedCall()).as("report_on_unalerted_call"),
        // Only how early: how long after alerting an honest handset reports depends on the
        // handset, the network and the simulator, and a model that learns it does not travel.
        // a lead within the times' resolution (docs/detection.md) is no lead
        when(coalesce(col("reported_before_alert"), lit(false)),
            coalesce(least(greatest(col("report_delay_ms").divide(-1000.0), lit(0.0)), lit(MAX_REPORT_LEAD_S)), lit(0.0)))
            .otherwise(lit(0.0)).as("report_lead_s"),
        perCallSum("exact_reports").as("exact_reports"),
        perCallSum("code_typo_reports").as("code_typo_reports"),
        perCallSum("different_reports").as("different_reports"),
        perCallSum("unparseable_reports").as("unparseable_reports"),
        coalesce(col("replayed"), lit(0)).cast("double").as("replayed_reports"),
        coalesce(col("foreign"), lit(0)).cast("double").as("foreign_cli_reports"),
        coalesce(col("pool_like"), lit(0)).cast("double").as("pool_like_reports"),
        coalesce(col("foreign_abroad"), lit(0)).cast("double").as("foreign_cli_abroad_reports"),
        coalesce(col("foreign_sharers"), lit(0)).cast("double").as("foreign_cli_numbers"),
        coalesce(col("other_clis"), lit(0)).cast("double").as("other_clis_reported"),
        flag(col("report_count").gt(0).and(size(col(READ_BACK_CALLS)).gt(0))).as("reported_own_cli"),
        flag(col("cli_outcome").equalTo(AttemptsTable.DELIVERED)).as("cli_delivered"),
        flag(col("cli_outcome").equalTo(AttemptsTable.ALTERED)).as("cli_altered"),
        flag(col("cli_outcome").equalTo(AttemptsTable.MISSING)).as("cli_missing"),
        flag(source.equalTo("intercepted")).as("report_intercepted"),
        flag(source.equalTo("manual")).as("report_manual"),
        flag(reportFromOtherDevice()).as("report_device_differs"),
        flag(col("ip_country").notEqual(col("phone_country"))).as("ip_country_differs"),
        flag(col("report_ip_country").notEqual(col("phone_country"))).as("report_ip_country_differs"),
        flag(platform.equalTo("android")).as("platform_android"),
        flag(platform.equalTo("ios")).as("platform_ios"),
        flag(not(platform.isin("android", "ios"))).as("platform_web_or_other"),
        flag(interceptedOffAndroid()).as("report_intercepted_off_android"),
        flag(seenBefore).as("number_seen_before"),
        flag(col("prior_attempts_with_device").equalTo(0)).as("device_first_seen_for_number"),
        coalesce(col("numbers_of_device"), lit(1)).cast("double").as("device_numbers"),
        flag(col("last_verified_device").isNotNull().and(reported)
            .and(col("last_verified_device").notEqual(coalesce(col("report_device_id"), col("device_id")))))
            .as("device_changed_since_last_verified"),
        // people who change phones mostly stay with their platform; someone else's phone need not
        flag(reported.and(col("device_platform").isNotNull())
            .and(col("last_verified_platform").notEqual(lower(col("device_platform")))))
            .as("platform_changed_since_last_verified"),
        coalesce(hoursSince, lit(NEVER_VERIFIED_HOURS)).as("hours_since_last_verified"),
        coalesce(col("diversion_count"), lit(0)).cast("double").as("diversion_count"),
        flag(anyCallAnswered()).as("answered"),
        flag(col("connected_differs")).as("connected_differs"),
        flag(exists(col(COMPLETING_CALLS + ".diversion_count"), diversions -> coalesce(diversions, lit(0)).gt(0)))
            .as("completing_call_diverted"),
        flag(array_contains(col(COMPLETING_CALLS + ".answered"), true)).as("completing_call_answered"),
        flag(array_contains(col(COMPLETING_CALLS + ".connected_differs"), true))
            .as("completing_call_connected_elsewhere"),
        col("call_count").cast("double").as("call_count"),
        unalertedCalls().as("unalerted_calls"),
        flag(col("verified")).as("verified"),
        coalesce(col("route_altered"), lit(0.0)).as("route_altered_share"),
        coalesce(col("route_answered"), lit(0.0)).as("route_answered_share"),
        coalesce(col("route_altered_baseline"), col("route_altered"), lit(0.0)).as("route_altered_baseline"),
        coalesce(col("connected_numbers"), lit(0)).cast("double").as("connected_party_numbers"),
        col(WarehouseTable.DATE)};
  }

  /**
   * Some call of the attempt was answered (a flash call should ring, not be picked up); compiled, as
   * it reads the calls' field as an array rather than in a lambda.
   */
  static Column anyCallAnswered() {
    return array_contains(col("calls.answered"), true);
  }

  /** The request time of an attempt, or its first event when REQUESTED was not seen. */
  static Column requestTime() {
    return coalesce(col("requested_time"), col("first_event_time"));
  }
}
