package io.flashguard.jobs.attempts;

import static io.flashguard.jobs.ingest.InputFixtures.CDR_HEADER;
import static io.flashguard.jobs.ingest.InputFixtures.EVENT_HEADER;
import static io.flashguard.jobs.ingest.InputFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.VerificationEventsTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.ingest.IngestResult;
import io.flashguard.jobs.ingest.InputFixtures;
import io.flashguard.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempts assembled from events and legs that went through the real ingest (so CLI matching runs
 * on the real pseudonymised hashes). The number verified is +447700900123; the flash CLIs are in
 * +44 1632 96xxxx with 4 code digits.
 */
class AttemptsAssemblyTest extends SparkTestBase {
  private static final String PHONE = "+447700900123";
  private static final String CLI = "+441632960001";

  @TempDir
  Path temp;

  private final List<String> events = new ArrayList<>();
  private final List<String> legs = new ArrayList<>();
  private IngestResult ingested;

  @Test
  void retryOnASecondRouteIsAttributedToTheLastCall() {
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", null, "10:00:03.000", 480);
    placed("e3", "10:00:10.000", "r2", "c2", "+441632960777");
    leg("c2", "r2", "+441632960777", "10:00:10.000", "10:00:12.000", "10:00:16.000", 487);
    reported("e4", "10:00:13.000", "+441632960777", "intercepted");
    terminal("e5", "10:00:13.200", "VERIFIED", null);

    Row attempt = single();
    assertThat(attempt.<Integer>getAs("call_count")).as("two calls").isEqualTo(2);
    assertThat(attempt.<String>getAs("first_route_id")).as("first route").isEqualTo("r1");
    assertThat(attempt.<String>getAs("route_id")).as("route of the last call").isEqualTo("r2");
    assertThat(attempt.<String>getAs("cli_outcome")).as("the second CLI arrived").isEqualTo("delivered");
    assertThat(attempt.<Boolean>getAs("verified")).as("verified").isTrue();
    assertThat(attempt.<Long>getAs("time_to_verify_ms")).as("REQUESTED to VERIFIED").isEqualTo(13_200L);
    List<Row> calls = attempt.getList(attempt.fieldIndex("calls"));
    assertThat(calls.get(0).<Integer>getAs("sip_code")).as("first call failed").isEqualTo(480);
    assertThat(calls.get(0).<Integer>getAs("reports")).as("no report answers the failed call").isEqualTo(0);
    assertThat(calls.get(1).<Integer>getAs("exact_reports")).as("report matched to the second call").isEqualTo(1);
    assertThat(attempt.<Long>getAs("pdd_ms")).as("pdd of the last call").isEqualTo(2_000L);
  }

  @Test
  void duplicateAndOutOfOrderEventsGiveOneAttempt() {
    terminal("e5", "10:00:04.500", "VERIFIED", null);
    reported("e4", "10:00:04.000", CLI, "intercepted");
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    requested("e1", "10:00:00.000", "android");
    reported("e4", "10:00:04.000", CLI, "intercepted");
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:02.500", "10:00:05.000", 487);

    Row attempt = single();
    assertThat(ingested.files().stream().filter(f -> f.table().equals(VerificationEventsTable.NAME))
        .mapToLong(f -> f.duplicates()).sum()).as("two repeated event_ids removed").isEqualTo(2L);
    assertThat(attempt.<Integer>getAs("report_count")).as("the repeated report counts once").isEqualTo(1);
    assertThat(attempt.<String>getAs("final_status")).as("final status").isEqualTo("VERIFIED");
    assertThat(attempt.<Long>getAs("report_delay_ms")).as("report 1.5 s after alerting").isEqualTo(1_500L);
    assertThat(attempt.<Boolean>getAs("reported_before_alert")).as("reported after alerting").isFalse();
  }

  @Test
  void aVerificationWithoutReportIsMissing() {
    requested("e1", "10:00:00.000", "ios");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:02.000", "10:00:30.000", 487);
    terminal("e3", "10:02:00.000", "EXPIRED", null);

    Row attempt = single();
    assertThat(attempt.<String>getAs("cli_outcome")).as("call alerted, nothing reported").isEqualTo("missing");
    assertThat(attempt.<String>getAs("cli_match")).as("no report to match").isEqualTo("none");
    assertThat(attempt.<Integer>getAs("report_count")).as("reports").isEqualTo(0);
    assertThat(attempt.<String>getAs("final_status")).as("final status").isEqualTo("EXPIRED");
    assertThat(attempt.<Boolean>getAs("verified")).as("not verified").isFalse();
  }

  @Test
  void aManualReportWithATypoInTheCodeIsDeliveredNotAltered() {
    requested("e1", "10:00:00.000", "ios");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:02.000", "10:00:30.000", 487);
    // typed in national form, last code digit wrong: 0002 instead of 0001
    reported("e3", "10:00:20.000", "01632 960002", "manual");
    terminal("e4", "10:00:20.100", "FAILED", "invalid_cli");

    Row attempt = single();
    assertThat(attempt.<String>getAs("cli_match")).as("same CLI but for a code digit").isEqualTo("code_typo");
    assertThat(attempt.<String>getAs("cli_outcome")).as("the CLI reached the handset").isEqualTo("delivered");
    assertThat(attempt.<String>getAs("final_status")).as("final status").isEqualTo("FAILED");
    assertThat(attempt.<String>getAs("failure_reason")).as("failure reason").isEqualTo("invalid_cli");
  }

  @Test
  void aManualReportOneTypoAwayOutsideTheCodeIsDeliveredNotAltered() {
    requested("e1", "10:00:00.000", "ios");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:02.000", "10:00:30.000", 487);
    // the area code's 3 typed as 8 (01682 for 01632); the platform checks the code digits and verifies
    reported("e3", "10:00:20.000", "01682 960001", "manual");
    terminal("e4", "10:00:20.100", "VERIFIED", null);

    Row attempt = single();
    assertThat(attempt.<String>getAs("cli_match")).as("one digit off, before the code").isEqualTo("typo");
    assertThat(attempt.<String>getAs("cli_outcome")).as("the CLI reached the handset").isEqualTo("delivered");
    Row call = attempt.<Row>getList(attempt.fieldIndex("calls")).get(0);
    assertThat(call.<Integer>getAs("typo_reports")).as("counted on its call as a typo").isEqualTo(1);
    assertThat(call.<Integer>getAs("different_reports")).as("not as another number").isEqualTo(0);
  }

  @Test
  void aReportWithADigitLeftOutBeforeTheCodeIsATypo() {
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:02.000", "10:00:30.000", 487);
    reported("e3", "10:00:20.000", "+44163960001", "manual");

    assertThat(single().<String>getAs("cli_match")).as("+44 1632 96 0001 without its 2").isEqualTo("typo");
  }

  @Test
  void ourCliOfAnotherCountryTypedInItsNationalFormIsDelivered() {
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", "+33612345678");
    leg("c1", "r1", "+33612345678", "10:00:01.000", "10:00:02.000", "10:00:30.000", 487);
    // a French CLI typed as France writes it; read in the verified number's country it is +44612345678
    reported("e3", "10:00:20.000", "06 12 34 56 78", "manual");
    terminal("e4", "10:00:20.100", "VERIFIED", null);

    Row attempt = single();
    assertThat(attempt.<String>getAs("cli_match")).as("our CLI's digits, without its calling code").isEqualTo("exact");
    assertThat(attempt.<String>getAs("cli_outcome")).as("the CLI reached the handset").isEqualTo("delivered");
  }

  @Test
  void theCodeDigitsAloneAreNoNumberAndTheirVerificationSaysTheyWereRight() {
    requested("e1", "10:00:00.000", "ios");
    placed("e2", "10:00:01.000", "r1", "c1", CLI, 6);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:02.000", "10:00:30.000", 487);
    // read off the screen: the 6 code digits of +441632960001; read in GB they would be +44960001
    reported("e3", "10:00:20.000", "960 001", "manual");
    terminal("e4", "10:00:20.100", "VERIFIED", null);

    Row attempt = single();
    assertThat(attempt.<String>getAs("cli_match")).as("no number to compare").isEqualTo("unparseable");
    assertThat(attempt.<String>getAs("cli_outcome")).as("the platform accepted the code it carried")
        .isEqualTo("delivered");
  }

  @Test
  void theCodeDigitsAloneThatFailedSayNothingOfTheCli() {
    requested("e1", "10:00:00.000", "ios");
    placed("e2", "10:00:01.000", "r1", "c1", CLI, 5);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:02.000", "10:00:30.000", 487);
    reported("e3", "10:00:20.000", "60071", "manual");
    terminal("e4", "10:00:20.100", "FAILED", "invalid_cli");

    Row attempt = single();
    assertThat(attempt.<String>getAs("cli_match")).as("no number to compare").isEqualTo("unparseable");
    assertThat(attempt.<String>getAs("cli_outcome")).as("a mistyped code or another number: unknown")
        .isEqualTo("missing");
  }

  @Test
  void aReportOfAnotherNumberIsAltered() {
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:02.000", "10:00:05.000", 487);
    reported("e3", "10:00:03.000", "+441632123456", "intercepted");
    terminal("e4", "10:00:03.100", "FAILED", "invalid_cli");
    terminal("e5", "10:01:00.000", "FALLBACK_SMS", null);

    Row attempt = single();
    assertThat(attempt.<String>getAs("cli_match")).as("another number").isEqualTo("different");
    assertThat(attempt.<String>getAs("cli_outcome")).as("the route replaced the CLI").isEqualTo("altered");
    assertThat(attempt.<Boolean>getAs("fell_back_to_sms")).as("fell back").isTrue();
    assertThat(attempt.<String>getAs("final_status")).as("latest terminal event").isEqualTo("FALLBACK_SMS");
  }

  @Test
  void aReportBeforeTheCallAlertedIsFlaggedAsSuch() {
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:04.000", "10:00:08.000", 487);
    reported("e3", "10:00:02.000", CLI, "intercepted");
    terminal("e4", "10:00:02.100", "VERIFIED", null);

    Row attempt = single();
    assertThat(attempt.<Boolean>getAs("reported_before_alert")).as("reported 2 s before alerting").isTrue();
    assertThat(attempt.<Long>getAs("report_delay_ms")).as("negative delay").isEqualTo(-2_000L);
  }

  @Test
  void aPlatformClockBehindTheSwitchDoesNotMakeAReportEarly() {
    // the platform's clock runs 1.5 s behind the switch's: the call placed at 10:00:02.000 on the
    // switch is logged at 10:00:00.500, and a report 0.5 s after the alert is logged 1 s before it
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:00.500", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:02.000", "10:00:04.000", "10:00:08.000", 487);
    reported("e3", "10:00:03.000", CLI, "intercepted");

    Row attempt = single();
    assertThat(attempt.<Boolean>getAs("reported_before_alert")).as("0.5 s after alerting").isFalse();
    assertThat(attempt.<Long>getAs("report_delay_ms")).as("delay on the platform's clock").isEqualTo(500L);
    assertThat(attempt.<Long>getAs("pdd_ms")).as("the switch's post-dial delay").isEqualTo(2_000L);
  }

  @Test
  void aReportWrittenToTheSecondMustLeadTheAlertByMoreThanASecond() {
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:04.300", "10:00:08.000", 487);
    reported("e3", "10:00:04", CLI, "intercepted");
    placed("e4", "10:00:10.000", "r1", "c2", CLI);
    leg("c2", "r1", CLI, "10:00:10.000", "10:00:13.300", "10:00:18.000", 487);
    reported("e5", "10:00:12", CLI, "intercepted");

    Row attempt = single();
    List<Row> calls = attempt.getList(attempt.fieldIndex("calls"));
    assertThat(calls.get(0).<Integer>getAs("reports_before_alert"))
        .as("written 10:00:04, perhaps 10:00:04.9: not before 10:00:04.300").isEqualTo(0);
    assertThat(calls.get(1).<Integer>getAs("reports_before_alert"))
        .as("10:00:12 is before 10:00:13.300 at any reading").isEqualTo(1);
  }

  @Test
  void callsPlacedWithoutACallIdFindTheirLegsByVerificationRouteAndCli() {
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", null, CLI);
    leg("c1", "r1", CLI, "10:00:01.000", null, "10:00:03.000", 503);
    placed("e3", "10:00:10.000", "r2", null, "+441632960777");
    leg("c2", "r2", "+441632960777", "10:00:10.000", "10:00:12.000", "10:00:16.000", 487);
    reported("e4", "10:00:13.000", "+441632960777", "intercepted");
    terminal("e5", "10:00:13.200", "VERIFIED", null);

    Row attempt = single();
    List<Row> calls = attempt.getList(attempt.fieldIndex("calls"));
    assertThat(calls).extracting(call -> call.<String>getAs("call_id")).as("each event found its own leg")
        .containsExactly("c1", "c2");
    assertThat(calls).extracting(call -> call.<Boolean>getAs("cdr_found")).as("legs found").containsExactly(true, true);
    assertThat(calls.get(0).<Boolean>getAs("alerted")).as("refused before ringing").isFalse();
    assertThat(attempt.<Long>getAs("pdd_ms")).as("pdd of the last call, from its leg").isEqualTo(2_000L);
    assertThat(attempt.<Boolean>getAs("reported_before_alert")).as("reported a second after alerting").isFalse();
  }

  @Test
  void aCallLoggedTwiceIsTwoCallsEachWithItsLegOnce() {
    // the legs meet the verification's distinct call keys, so two events naming one call get its leg
    // once each, as a left join of the events with the legs gives
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    placed("e3", "10:00:01.500", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", "10:00:02.000", "10:00:05.000", 487);

    Row attempt = single();
    assertThat(attempt.<Integer>getAs("call_count")).as("a call per CALL_PLACED event").isEqualTo(2);
    List<Row> calls = attempt.getList(attempt.fieldIndex("calls"));
    assertThat(calls).extracting(call -> call.<Boolean>getAs("cdr_found")).as("each with the leg").containsExactly(true, true);
  }

  @Test
  void aReportOnACallThatNeverAlertedCameBeforeItsAlert() {
    // the route witnesses (VerificationFeatures.routeWitnesses) rely on this: reported_before_alert
    // covers every report on a call that never alerted
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", null, "10:00:09.000", 480);
    reported("e3", "10:00:12.000", CLI, "intercepted");

    Row attempt = single();
    Row call = attempt.<Row>getList(attempt.fieldIndex("calls")).get(0);
    assertThat(call.<Boolean>getAs("alerted")).as("480 without an alert: no ringing").isFalse();
    assertThat(call.<Integer>getAs("reports")).as("the report answers the only call").isEqualTo(1);
    assertThat(attempt.<Boolean>getAs("reported_before_alert")).as("a report on a call that never alerted").isTrue();
  }

  @Test
  void aLegThatFailedWithoutAnAlertDidNotAlertButOneWeCancelledMayHave() {
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    leg("c1", "r1", CLI, "10:00:01.000", null, "10:00:09.000", 480);
    placed("e3", "10:00:10.000", "r1", "c2", CLI);
    leg("c2", "r1", CLI, "10:00:10.000", null, "10:00:16.000", 487);
    reported("e4", "10:00:14.000", CLI, "intercepted");

    Row attempt = single();
    List<Row> calls = attempt.getList(attempt.fieldIndex("calls"));
    assertThat(calls.get(0).<Boolean>getAs("alerted")).as("480 without an alert: no ringing").isFalse();
    assertThat(calls.get(1).<Boolean>getAs("alerted")).as("cancelled by us, the switch saw no 180: unknown")
        .isNull();
    assertThat(attempt.<Boolean>getAs("reported_before_alert")).as("no evidence against the report").isFalse();
  }

  @Test
  void aCallWithoutItsLegHasNotAlertedAsFarAsWeKnow() {
    requested("e1", "10:00:00.000", "android");
    placed("e2", "10:00:01.000", "r1", "c1", CLI);
    reported("e3", "10:00:05.000", CLI, "intercepted");
    terminal("e4", "10:00:05.200", "VERIFIED", null);

    Row attempt = single();
    assertThat(attempt.<Boolean>getAs("cdr_found")).as("no leg in the CDR").isFalse();
    assertThat(attempt.<Boolean>getAs("alerted")).as("unknown, not false").isNull();
    assertThat(attempt.<Boolean>getAs("reported_before_alert")).as("no alert time to be before").isFalse();
  }

  private Row single() {
    Path cdrFile = InputFixtures.write(temp.resolve("in"), "cdr.csv", CDR_HEADER, legs);
    Path eventFile = InputFixtures.write(temp.resolve("in"), "events.csv", EVENT_HEADER, events);
    Path warehouseDir = temp.resolve("warehouse");
    ingested = InputFixtures.ingest(spark, warehouseDir, List.of(cdrFile), List.of(eventFile));
    Warehouse warehouse = new Warehouse(warehouseDir.toString());
    List<Row> attempts = AttemptsJob.assemble(
        warehouse.read(spark, VerificationEventsTable.TABLE),
        warehouse.read(spark, CdrTable.TABLE)).collectAsList();
    assertThat(attempts).as("one attempt per verification").hasSize(1);
    return attempts.get(0);
  }

  private void requested(String id, String time, String platform) {
    events.add(line(EVENT_HEADER, row("event_id", id, "event_time", "2026-11-02T" + time + "Z",
        "verification_id", "v1", "event_type", "REQUESTED", "app_id", "app", "phone_number", PHONE,
        "method", "flashcall", "device_id", "d1", "device_platform", platform, "ip_country", "GB")));
  }

  private void placed(String id, String time, String route, String callId, String cli) {
    placed(id, time, route, callId, cli, 4);
  }

  private void placed(String id, String time, String route, String callId, String cli, int codeLength) {
    events.add(line(EVENT_HEADER, row("event_id", id, "event_time", "2026-11-02T" + time + "Z",
        "verification_id", "v1", "event_type", "CALL_PLACED", "app_id", "app", "phone_number", PHONE,
        "route_id", route, "call_id", callId, "expected_cli", cli, "code_length", codeLength)));
  }

  private void reported(String id, String time, String reported, String source) {
    events.add(line(EVENT_HEADER, row("event_id", id, "event_time", "2026-11-02T" + time + "Z",
        "verification_id", "v1", "event_type", "CLI_REPORTED", "app_id", "app", "phone_number", PHONE,
        "reported_cli", reported, "report_source", source, "device_id", "d1")));
  }

  private void terminal(String id, String time, String type, String reason) {
    events.add(line(EVENT_HEADER, row("event_id", id, "event_time", "2026-11-02T" + time + "Z",
        "verification_id", "v1", "event_type", type, "app_id", "app", "phone_number", PHONE,
        "failure_reason", reason)));
  }

  private void leg(String callId, String route, String cli, String start, String alert, String end, int sip) {
    legs.add(line(CDR_HEADER, row("call_id", callId, "verification_id", "v1", "route_id", route, "cli", cli,
        "b_number", PHONE, "start_time", "2026-11-02 " + start, "alert_time", alert == null ? null : "2026-11-02 " + alert,
        "end_time", "2026-11-02 " + end, "sip_code", sip, "cost", "0.004")));
  }
}
