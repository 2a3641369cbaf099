package io.flashguard.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.CdrTable;
import io.flashguard.models.evaluation.Wilson;
import io.flashguard.testing.SparkTestBase;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Route metrics on a hand-made day of route r1 to GB. Legs (pdd in ms): 10:00 alert 1000, 10:01
 * alert 2000, 10:02 alert 3000, 10:03 unreachable 480, 11:00 alert 4000 and answered; cost 0.01 per
 * alerted leg, 0.05 for the answered one. Attempts, all requested at 10:xx: A1 android, exact
 * report, verified after 3 s; A2 android, altered report; A3 ios, exact, verified after 20 s;
 * A4 android, call never alerted, fell back to SMS.
 */
class RouteMetricsJobTest extends SparkTestBase {
  private static final Date DAY = Date.valueOf("2026-11-02");

  @Test
  void alertAnswerAndFailureRatesCountLegs() {
    Row day = wholeDay(compute(1));
    assertThat(day.<Long>getAs("calls")).as("legs placed").isEqualTo(5L);
    assertThat(day.<Long>getAs("alert_rate_num")).as("legs alerted").isEqualTo(4L);
    assertThat(day.<Double>getAs("alert_rate")).as("alert rate 4/5").isEqualTo(0.8);
    assertThat(day.<Double>getAs("answer_rate")).as("answer rate 1/5").isEqualTo(0.2);
    assertThat(day.<Double>getAs("fail_unreachable_rate")).as("480 is unreachable: 1/5").isEqualTo(0.2);
    assertThat(day.<Double>getAs("fail_route_rate")).as("no 5xx").isEqualTo(0.0);
    double[] wilson = Wilson.interval(4, 5);
    assertThat(day.<Double>getAs("alert_rate_lo")).as("Wilson lower bound").isCloseTo(wilson[0], within(1e-12));
    assertThat(day.<Double>getAs("alert_rate_hi")).as("Wilson upper bound").isCloseTo(wilson[1], within(1e-12));
  }

  @Test
  void cliVisibilityCountsOnlyAndroidHandsetsWhoseCallAlerted() {
    Row day = wholeDay(compute(1));
    // A1 (exact) and A2 (altered) qualify; A3 is iOS, A4's call never alerted.
    assertThat(day.<Long>getAs("cli_visibility_den")).as("android and alerted").isEqualTo(2L);
    assertThat(day.<Long>getAs("cli_visibility_num")).as("reported exactly").isEqualTo(1L);
    assertThat(day.<Double>getAs("cli_visibility")).as("visibility 1/2").isEqualTo(0.5);
    assertThat(day.<Double>getAs("cli_altered_rate")).as("1 altered of 3 readable reports")
        .isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void successFallbackAndCostPerVerifiedUseTheRouteOfTheLastCall() {
    Row day = wholeDay(compute(1));
    assertThat(day.<Double>getAs("verification_success")).as("2 verified of 4 requested").isEqualTo(0.5);
    assertThat(day.<Double>getAs("sms_fallback_rate")).as("1 of 4 fell back").isEqualTo(0.25);
    assertThat(day.<BigDecimal>getAs("total_cost")).as("sum of leg costs")
        .isEqualByComparingTo(new BigDecimal("0.08"));
    assertThat(day.<Double>getAs("cost_per_verified")).as("0.08 / 2").isCloseTo(0.04, within(1e-12));
  }

  @Test
  void percentilesAreNearestRank() {
    Row day = wholeDay(compute(1));
    // pdd 1000, 2000, 3000, 4000: p50 is rank ceil(2) = 2000, p95 rank ceil(3.8) = 4 -> 4000
    assertThat(day.<Long>getAs("pdd_p50_ms")).as("pdd p50").isEqualTo(2000L);
    assertThat(day.<Long>getAs("pdd_p95_ms")).as("pdd p95").isEqualTo(4000L);
    // time to verify 3000, 20000: p50 rank 1 -> 3000, p95 rank 2 -> 20000
    assertThat(day.<Long>getAs("time_to_verify_p50_ms")).as("ttv p50").isEqualTo(3000L);
    assertThat(day.<Long>getAs("time_to_verify_p95_ms")).as("ttv p95").isEqualTo(20000L);
  }

  @Test
  void hourlyRowsHoldOnlyTheirHour() {
    List<Row> rows = compute(1);
    Row ten = rows.stream().filter(r -> Integer.valueOf(10).equals(r.getAs("hour"))).findFirst().orElseThrow();
    assertThat(ten.<Long>getAs("calls")).as("legs started in hour 10").isEqualTo(4L);
    assertThat(ten.<Double>getAs("alert_rate")).as("3 of 4 alerted in hour 10").isEqualTo(0.75);
    assertThat(ten.<Long>getAs("pdd_p95_ms")).as("p95 of 1000, 2000, 3000").isEqualTo(3000L);
    assertThat(rows).as("hour 10, hour 11 and the whole day").hasSize(3);
  }

  @Test
  void ratesBelowTheMinimumCountAreInsufficientNotNumbers() {
    List<Row> rows = compute(5);
    Row day = wholeDay(rows);
    assertThat(day.<String>getAs("alert_rate_status")).as("5 legs reach min-calls 5").isEqualTo("ok");
    assertThat(day.<String>getAs("cli_visibility_status")).as("2 trials").isEqualTo("insufficient");
    assertThat(day.<Double>getAs("cli_visibility")).as("no number when insufficient").isNull();
    assertThat(day.<Long>getAs("cli_visibility_den")).as("counts are still shown").isEqualTo(2L);
    assertThat(day.<String>getAs("cost_status")).as("4 requested < 5").isEqualTo("insufficient");
  }

  @Test
  void metricsADialectCannotCarryAreNotAvailable() {
    List<Map<String, Object>> legs = List.of(
        leg("c1", "10:00:00", null, 487, "0.01", false),
        leg("c2", "10:01:00", null, 487, "0.01", false));
    Row day = wholeDay(RouteMetricsJob.compute(
        frame(CdrTable.SCHEMA, legs), frame(AttemptsTable.SCHEMA, List.of()), 1).collectAsList());
    assertThat(day.<String>getAs("alert_rate_status")).as("no alert time in the dialect").isEqualTo("not_available");
    assertThat(day.<Double>getAs("alert_rate")).as("not shown as 0").isNull();
    assertThat(day.<String>getAs("pdd_status")).as("no pdd without alert time").isEqualTo("not_available");
  }

  @Test
  void cliAlteredRateCountsOnlyReportsTheHandsetThatRangCanHaveSent() {
    List<Map<String, Object>> attempts = new ArrayList<>();
    attempts.add(attempt("W1", "android", true, false, "different", null, false, call(1, 1)));
    attempts.add(attempt("W2", "android", true, true, "exact", 3000L, false, call(1, 0)));
    Map<String, Object> early = attempt("S1", "android", true, false, "different", null, false, call(1, 1));
    early.put("reported_before_alert", true);
    attempts.add(early);
    Map<String, Object> otherDevice = attempt("S2", "android", true, false, "different", null, false, call(2, 2));
    otherDevice.put("device_id", "d-request");
    otherDevice.put("report_device_id", "d-attacker");
    attempts.add(otherDevice);
    Map<String, Object> offAndroid = attempt("S3", "ios", true, false, "different", null, false, call(1, 1));
    offAndroid.put("report_source", "intercepted");
    attempts.add(offAndroid);

    Row day = wholeDay(RouteMetricsJob.compute(
        frame(CdrTable.SCHEMA, List.of()), frame(AttemptsTable.SCHEMA, attempts), 1).collectAsList());
    assertThat(day.<Long>getAs("cli_altered_rate_den")).as("W1 and W2's reports; not the spoofers'").isEqualTo(2L);
    assertThat(day.<Long>getAs("cli_altered_rate_num")).as("W1's").isEqualTo(1L);
  }

  @Test
  void anAttemptCountsForItsLastCallsRouteAndEachCallsReportsForTheirOwn() {
    Map<String, Object> twoCalls = attempt("T1", "android", true, true, "exact", 5000L, false, call(1, 1));
    twoCalls.put("calls", List.of(callOn("r0", 3, 1, 0), callOn("r1", 1, 0, 1)));
    twoCalls.put("call_count", 2);
    List<Row> rows = RouteMetricsJob.compute(
        frame(CdrTable.SCHEMA, List.of()), frame(AttemptsTable.SCHEMA, List.of(twoCalls)), 1).collectAsList();
    Row first = wholeDay(rows.stream().filter(r -> "r0".equals(r.getAs("route_id"))).toList());
    Row last = wholeDay(rows.stream().filter(r -> "r1".equals(r.getAs("route_id"))).toList());
    assertThat(first.<Long>getAs("requested")).as("the first call's route: not the attempt's").isEqualTo(0L);
    assertThat(first.<Long>getAs("cli_altered_rate_den")).as("the first call's three reports but its unparseable one")
        .isEqualTo(2L);
    assertThat(first.<Long>getAs("cli_altered_rate_num")).as("neither altered").isEqualTo(0L);
    assertThat(last.<Long>getAs("requested")).as("the last call's route: the attempt's").isEqualTo(1L);
    assertThat(last.<Long>getAs("verified")).as("verified there").isEqualTo(1L);
    assertThat(last.<Long>getAs("time_to_verify_samples")).as("its time to verify").isEqualTo(1L);
    assertThat(last.<Long>getAs("cli_altered_rate_num")).as("the last call's one altered report").isEqualTo(1L);
  }

  @Test
  void legsAndAttemptsOfAnUnknownCountryShareOneRowPerHourAndDay() {
    Map<String, Object> leg = leg("n1", "10:00:00", 1000L, 487, "0.01", true);
    leg.put("b_country", null);
    Map<String, Object> attempt = attempt("N1", "android", true, true, "exact", 3000L, false, call(2, 1));
    attempt.put("phone_country", null);
    List<Row> rows = RouteMetricsJob.compute(
        frame(CdrTable.SCHEMA, List.of(leg)), frame(AttemptsTable.SCHEMA, List.of(attempt)), 1).collectAsList();
    assertThat(rows).as("one row for 10:00 and one for the day, each with the leg's, the attempt's and the reports' measures")
        .hasSize(2);
    Row day = wholeDay(rows);
    assertThat(day.<Long>getAs("calls")).as("the leg").isEqualTo(1L);
    assertThat(day.<Long>getAs("requested")).as("the attempt").isEqualTo(1L);
    assertThat(day.<Long>getAs("cli_altered_rate_den")).as("its call's two reports").isEqualTo(2L);
  }

  @Test
  void anHourIsItsUtcHourAtEitherEdge() {
    List<String> times = List.of("2026-11-02T10:59:59.999999Z", "2026-11-02T11:00:00Z", "2026-11-02T23:59:59.999999Z",
        "2026-11-03T00:00:00Z", "1969-12-31T23:30:00Z", "1969-12-31T00:00:00.000001Z");
    StructType schema = new StructType().add("t", DataTypes.TimestampType);
    List<Map<String, Object>> rows = times.stream().map(time -> row("t", at(time))).toList();
    List<Integer> hours = frame(schema, rows).select(RouteMetricsJob.utcHour(col("t"))).collectAsList().stream()
        .map(r -> r.getInt(0)).toList();
    assertThat(hours).as("hours of " + times).containsExactly(10, 11, 23, 0, 23, 0);
  }

  private static final Map<Long, List<Row>> RESULTS = new java.util.HashMap<>();

  /** The metrics of the fixture day; computed once per minimum count, every test reads them. */
  private List<Row> compute(long minCalls) {
    return RESULTS.computeIfAbsent(minCalls, this::computeOnce);
  }

  private List<Row> computeOnce(long minCalls) {
    List<Map<String, Object>> legs = List.of(
        leg("c1", "10:00:00", 1000L, 487, "0.01", true),
        leg("c2", "10:01:00", 2000L, 487, "0.01", true),
        leg("c3", "10:02:00", 3000L, 487, "0.01", true),
        leg("c4", "10:03:00", null, 480, "0", true),
        answeredLeg("c5", "11:00:00", 4000L, "0.05"));
    List<Map<String, Object>> attempts = new ArrayList<>();
    attempts.add(attempt("A1", "android", true, true, "exact", 3000L, false, call(1, 0)));
    attempts.add(attempt("A2", "android", true, false, "different", null, false, call(1, 1)));
    attempts.add(attempt("A3", "ios", true, true, "exact", 20000L, false, call(1, 0)));
    attempts.add(attempt("A4", "android", false, false, "none", null, true, call(0, 0)));
    Dataset<Row> metrics = RouteMetricsJob.compute(
        frame(CdrTable.SCHEMA, legs), frame(AttemptsTable.SCHEMA, attempts), minCalls);
    return metrics.collectAsList();
  }

  private static Row wholeDay(List<Row> rows) {
    return rows.stream().filter(r -> r.isNullAt(r.fieldIndex("hour"))).findFirst().orElseThrow();
  }

  private static Map<String, Object> leg(String callId, String time, Long pddMs, int sip, String cost,
      boolean alertTimeAvailable) {
    Timestamp start = at("2026-11-02T" + time + "Z");
    return row("call_id", callId, "route_id", "r1", "cli_hash", "cli", "b_hash", "b-" + callId,
        "b_country", "GB", "start_time", start,
        "alert_time", pddMs == null ? null : new Timestamp(start.getTime() + pddMs),
        "end_time", new Timestamp(start.getTime() + 10_000), "sip_code", sip, "answered", false,
        "cost", new BigDecimal(cost), "alert_time_available", alertTimeAvailable,
        "source_format", "canonical", "key_id", "k", "date", DAY);
  }

  private static Map<String, Object> answeredLeg(String callId, String time, long pddMs, String cost) {
    Map<String, Object> leg = leg(callId, time, pddMs, 200, cost, true);
    Timestamp start = (Timestamp) leg.get("start_time");
    leg.put("answer_time", new Timestamp(start.getTime() + pddMs + 500));
    leg.put("answered", true);
    return leg;
  }

  private static Map<String, Object> attempt(String id, String platform, boolean alerted, boolean verified,
      String match, Long timeToVerify, boolean fellBack, Row call) {
    Timestamp requested = at("2026-11-02T10:30:00Z");
    return row("verification_id", id, "phone_country", "GB", "requested_time", requested,
        "first_event_time", requested, "device_platform", platform, "call_count", 1, "route_id", "r1",
        "alerted", alerted, "report_count", call.getInt(call.fieldIndex("reports")), "cli_match", match,
        "cli_outcome", "delivered", "verified", verified, "fell_back_to_sms", fellBack,
        "final_status", verified ? "VERIFIED" : "EXPIRED", "time_to_verify_ms", timeToVerify,
        "calls", List.of(call), "date", DAY);
  }

  /** A call on r1 with {@code reports} reports, {@code different} of them altered. */
  private static Row call(int reports, int different) {
    return callOn("r1", reports, 0, different);
  }

  /** A call on {@code route}: {@code reports} reports, {@code unparseable} unreadable, {@code different} altered. */
  private static Row callOn(String route, int reports, int unparseable, int different) {
    Object[] values = new Object[AttemptsTable.CALL.size()];
    values[AttemptsTable.CALL.fieldIndex("route_id")] = route;
    values[AttemptsTable.CALL.fieldIndex("reports")] = reports;
    values[AttemptsTable.CALL.fieldIndex("different_reports")] = different;
    values[AttemptsTable.CALL.fieldIndex("unparseable_reports")] = unparseable;
    return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values, AttemptsTable.CALL);
  }
}
