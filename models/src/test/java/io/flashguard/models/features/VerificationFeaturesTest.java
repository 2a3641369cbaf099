package io.flashguard.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.FeaturesTable;
import io.flashguard.core.tables.VerificationEventsTable;
import io.flashguard.testing.SparkTestBase;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Per-verification features on literal attempts and events, including history across midnight. */
class VerificationFeaturesTest extends SparkTestBase {
  private static final LocalDate DAY = LocalDate.parse("2026-11-03");

  private final List<Map<String, Object>> attempts = new ArrayList<>();
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final List<Map<String, Object>> legs = new ArrayList<>();
  private List<List<Map<String, Object>>> computedFrom;
  private Map<String, Row> computed;

  @Test
  void historyReachesBackAcrossMidnight() {
    attempt("v-yesterday", "p1", "dev-a", "2026-11-02T23:50:00Z", true);
    attempt("v-today", "p1", "dev-b", "2026-11-03T00:10:00Z", true);

    Row today = features("v-today");
    assertThat(today.<Double>getAs("number_seen_before")).as("p1 verified yesterday").isEqualTo(1.0);
    assertThat(today.<Double>getAs("device_first_seen_for_number")).as("dev-b is new for p1").isEqualTo(1.0);
    assertThat(today.<Double>getAs("device_changed_since_last_verified")).as("dev-a verified, dev-b now")
        .isEqualTo(1.0);
    assertThat(today.<Double>getAs("hours_since_last_verified")).as("20 minutes")
        .isCloseTo(20 / 60.0, within(1e-9));
  }

  @Test
  void aPlatformChangeIsCountedAgainstTheNumbersLastVerification() {
    attempt("v-ios", "p1", "dev-a", "2026-11-02T09:00:00Z", true);
    platform("iOS");
    attempt("v-unverified-web", "p1", "dev-w", "2026-11-02T12:00:00Z", false);
    platform("web");
    attempt("v-new-iphone", "p1", "dev-b", "2026-11-03T09:00:00Z", true);
    platform("ios");
    attempt("v-android", "p1", "dev-c", "2026-11-03T10:00:00Z", true);

    assertThat(features("v-new-iphone").<Double>getAs("platform_changed_since_last_verified"))
        .as("iOS then ios (case aside), the unverified web request in between does not count").isZero();
    assertThat(features("v-new-iphone").<Double>getAs("device_changed_since_last_verified"))
        .as("a new phone on the same platform is still a new device").isEqualTo(1.0);
    assertThat(features("v-android").<Double>getAs("platform_changed_since_last_verified"))
        .as("last verified on iOS, now Android").isEqualTo(1.0);
  }

  @Test
  void firstVerificationOfANumberHasNoHistory() {
    attempt("v-today", "p1", "dev-b", "2026-11-03T00:10:00Z", true);

    Row today = features("v-today");
    assertThat(today.<Double>getAs("number_seen_before")).as("never seen").isZero();
    assertThat(today.<Double>getAs("device_changed_since_last_verified")).as("nothing to change from").isZero();
    assertThat(today.<Double>getAs("hours_since_last_verified")).as("documented fill value")
        .isEqualTo(VerificationFeatures.NEVER_VERIFIED_HOURS);
  }

  @Test
  void deviceCountsTheNumbersItAskedToVerify() {
    attempt("v1", "p1", "dev-x", "2026-11-03T10:00:00Z", false);
    attempt("v2", "p2", "dev-x", "2026-11-03T10:01:00Z", false);
    attempt("v3", "p3", "dev-x", "2026-11-02T10:02:00Z", false);

    assertThat(features("v1").<Double>getAs("device_numbers")).as("three numbers over two days").isEqualTo(3.0);
  }

  @Test
  void reportedCliIsTracedToTheCallItWasDialedOn() {
    attempt("v-victim", "p1", "dev-a", "2026-11-03T10:00:00Z", false);
    attempt("v-replay", "p2", "dev-b", "2026-11-03T10:00:30Z", true);
    attempt("v-foreign", "p3", "dev-c", "2026-11-03T10:01:00Z", false);
    attempt("v-typo", "p4", "dev-d", "2026-11-03T10:02:00Z", true);
    placed("v-victim", "p1", "cli-1", "stem-1");
    placed("v-replay", "p2", "cli-2", "stem-2");
    reported("v-replay", "p2", "cli-1", "stem-1");
    placed("v-foreign", "p3", "cli-3", "stem-3");
    reported("v-foreign", "p3", "cli-never", "stem-never");
    placed("v-typo", "p4", "cli-4", "stem-4");
    reported("v-typo", "p4", "cli-4-typo", "stem-4");
    attempt("v-typo-dialed", "p5", "dev-e", "2026-11-03T10:03:00Z", false);
    attempt("v-neighbour", "p6", "dev-f", "2026-11-03T10:03:30Z", false);
    placed("v-typo-dialed", "p5", "cli-5", "stem-5");
    placed("v-neighbour", "p6", "cli-5-typo", "stem-5");
    reported("v-typo-dialed", "p5", "cli-5-typo", "stem-5");

    assertThat(features("v-replay").<Double>getAs("replayed_reports")).as("cli-1 was dialed to p1").isEqualTo(1.0);
    assertThat(features("v-replay").<Double>getAs("foreign_cli_reports")).as("it was dialed").isZero();
    assertThat(features("v-foreign").<Double>getAs("foreign_cli_reports")).as("dialed to nobody").isEqualTo(1.0);
    assertThat(features("v-typo").<Double>getAs("foreign_cli_reports")).as("a typo of its own CLI").isZero();
    assertThat(features("v-typo").<Double>getAs("replayed_reports")).as("not a replay").isZero();
    assertThat(features("v-typo-dialed").<Double>getAs("replayed_reports"))
        .as("a typo of its own CLI that is our number dialed to p6 is still a typo").isZero();
    assertThat(features("v-typo-dialed").<Double>getAs("foreign_cli_reports")).as("nor a made-up CLI").isZero();
  }

  @Test
  void neverDialedClisAreDescribedByWhoElseReportedThemAndTheirShape() {
    attempt("v-guess", "p1", "dev-a", "2026-11-03T10:00:00Z", false);
    placed("v-guess", "p1", "cli-1", "stem-own");
    reported("v-guess", "p1", "cli-guessed", "stem-pool", "GB");
    for (int i = 0; i < 4; i++) {
      attempt("v-simbox-" + i, "q" + i, "dev-q" + i, "2026-11-03T11:0" + i + ":00Z", false);
      placed("v-simbox-" + i, "q" + i, "cli-q" + i, "stem-pool");
      reported("v-simbox-" + i, "q" + i, "cli-sim-card", "stem-sim", "GB");
    }
    attempt("v-abroad", "p2", "dev-b", "2026-11-03T12:00:00Z", false);
    placed("v-abroad", "p2", "cli-2", "stem-pool");
    reported("v-abroad", "p2", "cli-from-elsewhere", "stem-elsewhere", "US");

    Row guess = features("v-guess");
    assertThat(guess.<Double>getAs("pool_like_reports")).as("a CLI of our range, code nobody got").isEqualTo(1.0);
    assertThat(guess.<Double>getAs("foreign_cli_numbers")).as("only p1 reported it").isEqualTo(1.0);
    Row simBox = features("v-simbox-0");
    assertThat(simBox.<Double>getAs("foreign_cli_numbers")).as("four numbers saw the SIM's number").isEqualTo(4.0);
    assertThat(simBox.<Double>getAs("pool_like_reports")).as("not of our range").isZero();
    assertThat(simBox.<Double>getAs("foreign_cli_abroad_reports")).as("a local number").isZero();
    assertThat(features("v-abroad").<Double>getAs("foreign_cli_abroad_reports")).as("US CLI for a GB number")
        .isEqualTo(1.0);
    assertThat(features("v-abroad").<Double>getAs("other_clis_reported")).as("one CLI not its own").isEqualTo(1.0);
  }

  @Test
  void aNumberRetypedIsOneNumberTriedAndATypoAnywhereInOurCliIsOurs() {
    // the integers stand for the typo keys ingest derives; jobs' PseudonymizerTest checks that
    // numbers one typo apart share one and other numbers none
    attempt("v-retyper", "p1", "dev-a", "2026-11-03T10:00:00Z", false);
    placed("v-retyper", "p1", "cli-ours-1", "stem-1", 1, 2, 3);
    typed("v-retyper", "p1", 1, "cli-substitute", 10, 11, 12);
    typed("v-retyper", "p1", 2, "cli-substitute-typo", 13, 11, 14);
    typed("v-retyper", "p1", 3, "cli-typo-of-the-typo", 15, 16, 14);
    typed("v-retyper", "p1", 4, "cli-substitute", 10, 11, 12);
    attempt("v-guesser", "p2", "dev-b", "2026-11-03T10:00:00Z", false);
    placed("v-guesser", "p2", "cli-ours-2", "stem-2", 4, 5, 6);
    typed("v-guesser", "p2", 1, "cli-guess-1", 20, 21);
    typed("v-guesser", "p2", 2, "cli-guess-2", 30, 31);
    typed("v-guesser", "p2", 3, "cli-guess-3", 40, 41);
    attempt("v-prefix-typo", "p3", "dev-c", "2026-11-03T10:00:00Z", false);
    placed("v-prefix-typo", "p3", "cli-ours-3", "stem-3", 7, 8, 9);
    typed("v-prefix-typo", "p3", 1, "cli-ours-3-with-a-prefix-typo", 50, 8);
    attempt("v-ingested-before-typo-keys", "p4", "dev-d", "2026-11-03T10:00:00Z", false);
    placed("v-ingested-before-typo-keys", "p4", "cli-ours-4", "stem-4");
    typed("v-ingested-before-typo-keys", "p4", 1, "cli-a");
    typed("v-ingested-before-typo-keys", "p4", 2, "cli-a-typo");

    assertThat(features("v-retyper").<Double>getAs("other_clis_reported"))
        .as("three CLIs, each one typo from one reported before: one number retyped").isEqualTo(1.0);
    assertThat(features("v-retyper").<Double>getAs("foreign_cli_reports")).as("every try was dialed to nobody")
        .isEqualTo(4.0);
    assertThat(features("v-guesser").<Double>getAs("other_clis_reported")).as("three different numbers")
        .isEqualTo(3.0);
    assertThat(features("v-prefix-typo").<Double>getAs("foreign_cli_reports"))
        .as("one typo from our CLI, outside the code digits: ours").isZero();
    assertThat(features("v-prefix-typo").<Double>getAs("other_clis_reported")).as("nothing but ours tried").isZero();
    assertThat(features("v-ingested-before-typo-keys").<Double>getAs("other_clis_reported"))
        .as("no typo keys: distinct CLIs").isEqualTo(2.0);
  }

  @Test
  void ourCliWrittenWithoutItsPlusIsOursWhateverCountryItWasReadIn() {
    // a Kenyan user types our UK CLI as 01632 960001: read in Kenya it hashes as another number, but
    // its digits key is the key of our CLI's national digits (jobs' PseudonymizerTest)
    attempt("v-national", "p1", "dev-a", "2026-11-03T10:00:00Z", true);
    placed("v-national", "p1", "cli-uk", "stem-uk");
    events.get(events.size() - 1).put("expected_cli_digits_keys", List.of(441632, 1632));
    typed("v-national", "p1", 1, "cli-read-as-kenyan");
    events.get(events.size() - 1).put("reported_cli_digits_key", 1632);
    attempt("v-other", "p2", "dev-b", "2026-11-03T10:00:00Z", false);
    placed("v-other", "p2", "cli-uk-2", "stem-uk");
    events.get(events.size() - 1).put("expected_cli_digits_keys", List.of(442000, 2000));
    typed("v-other", "p2", 1, "cli-another");
    events.get(events.size() - 1).put("reported_cli_digits_key", 3000);

    Row national = features("v-national");
    assertThat(national.<Double>getAs("foreign_cli_reports")).as("our CLI, not a never-dialed one").isZero();
    assertThat(national.<Double>getAs("other_clis_reported")).as("nothing but ours tried").isZero();
    assertThat(features("v-other").<Double>getAs("foreign_cli_reports")).as("other digits: another number")
        .isEqualTo(1.0);
  }

  @Test
  void connectedPartyCountsTheNumbersItAnsweredFor() {
    for (int i = 0; i < 3; i++) {
      attemptWithCall("v-vm-" + i, "p" + i, "call-vm-" + i);
      leg("call-vm-" + i, "p" + i, "voicemail-platform");
    }
    attemptWithCall("v-hijack", "p9", "call-hj");
    leg("call-hj", "p9", "attacker-phone");

    assertThat(features("v-vm-0").<Double>getAs("connected_party_numbers")).as("voicemail answered for three")
        .isEqualTo(3.0);
    assertThat(features("v-hijack").<Double>getAs("connected_party_numbers")).as("one victim").isEqualTo(1.0);
  }

  @Test
  void onlyACallKnownNotToHaveAlertedMakesAReportOnAnUnalertedCall() {
    attemptWithCalls("v-unalerted", true, alerted(call(1, 0), false));
    attemptWithCalls("v-unknown", true, alerted(call(1, 0), null));
    attemptWithCalls("v-alerted", true, alerted(call(1, 0), true));

    assertThat(features("v-unalerted").<Double>getAs("report_on_unalerted_call")).as("failed leg").isEqualTo(1.0);
    assertThat(features("v-unalerted").<Double>getAs("unalerted_calls")).as("failed leg").isEqualTo(1.0);
    for (String id : List.of("v-unknown", "v-alerted")) {
      assertThat(features(id).<Double>getAs("report_on_unalerted_call")).as(id).isZero();
      assertThat(features(id).<Double>getAs("unalerted_calls")).as(id).isZero();
    }
  }

  @Test
  void aLeadIsCountedOnlyWhereTheReportCameBeforeTheAlert() {
    attempt("v-early", "p1", "d1", "2026-11-03T10:00:00Z", true);
    attempts.get(attempts.size() - 1).putAll(Map.of("report_delay_ms", -2_500L, "reported_before_alert", true));
    // half a second "early" with a time written to the second: within the times' resolution
    attempt("v-same-second", "p2", "d2", "2026-11-03T10:00:00Z", true);
    attempts.get(attempts.size() - 1).putAll(Map.of("report_delay_ms", -500L, "reported_before_alert", false));

    assertThat(features("v-early").<Double>getAs("report_lead_s")).as("2.5 s early").isEqualTo(2.5);
    assertThat(features("v-same-second").<Double>getAs("report_lead_s")).as("no lead").isZero();
  }

  @Test
  void theCallThatCompletedTheVerificationCarriesTheHijackEvidence() {
    attemptWithCalls("v-voicemail-then-retry", true, divertedCall(0, 0), call(1, 0));
    attemptWithCalls("v-hijack", true, divertedCall(1, 0));
    attemptWithCalls("v-code-only", true, divertedCall(0, 1));
    attemptWithCalls("v-voicemail", false, divertedCall(0, 0));

    for (String evidence : List.of("completing_call_diverted", "completing_call_answered",
        "completing_call_connected_elsewhere")) {
      assertThat(features("v-voicemail-then-retry").<Double>getAs(evidence))
          .as(evidence + ": the retry that verified was not diverted").isZero();
      assertThat(features("v-hijack").<Double>getAs(evidence)).as(evidence + ": our CLI reported from the diverted call")
          .isEqualTo(1.0);
      assertThat(features("v-code-only").<Double>getAs(evidence))
          .as(evidence + ": verified on digits we cannot read back; the last call").isEqualTo(1.0);
      assertThat(features("v-voicemail").<Double>getAs(evidence)).as(evidence + ": nothing completed").isZero();
    }
    assertThat(features("v-voicemail-then-retry").<Double>getAs("diversion_count"))
        .as("the verification's own count keeps the voicemail leg").isEqualTo(1.0);
  }

  @Test
  void aReportOneTypoAwayOutsideTheCodeGaveOurCliBack() {
    attemptWithCalls("v-typo", false, withTypoReports(divertedCall(0, 0), 1));
    attempts.get(attempts.size() - 1).put("report_count", 1);

    Row typo = features("v-typo");
    assertThat(typo.<Double>getAs("reported_own_cli")).as("one typo away is our CLI, mistyped").isEqualTo(1.0);
    assertThat(typo.<Double>getAs("completing_call_diverted")).as("so its call completed the verification")
        .isEqualTo(1.0);
  }

  @Test
  void routeBaselinePoolsTheWeekBefore() {
    routeAttempt("v-old-1", "2026-10-30T10:00:00Z", "altered");
    routeAttempt("v-old-2", "2026-10-31T10:00:00Z", "delivered");
    routeAttempt("v-too-old", "2026-10-20T10:00:00Z", "altered");
    routeAttempt("v-today", "2026-11-03T10:00:00Z", "delivered");

    assertThat(features("v-today").<Double>getAs("route_altered_baseline")).as("1 of 2 in the week before")
        .isEqualTo(0.5);
    assertThat(features("v-today").<Double>getAs("route_altered_share")).as("today").isZero();
  }

  @Test
  void routeBaselineOfSeveralScoredDaysPoolsEachDaysOwnWeek() {
    routeAttempt("v-week-before-first", "2026-10-26T10:00:00Z", "delivered");
    routeAttempt("v-first", "2026-11-02T10:00:00Z", "altered");
    routeAttempt("v-second", "2026-11-03T10:00:00Z", "delivered");

    Map<String, Row> byId = new HashMap<>();
    for (Row row : VerificationFeatures.compute(frame(AttemptsTable.SCHEMA, attempts),
        frame(VerificationEventsTable.SCHEMA, events), frame(CdrTable.SCHEMA, legs), DAY.minusDays(1), DAY)
        .collectAsList()) {
      byId.put(row.getAs("verification_id"), row);
    }
    // a day left out of the baseline would fall back to the day's own share: 1 for 11-02, 0 for 11-03
    assertThat(byId.get("v-first").<Double>getAs("route_altered_baseline"))
        .as("11-02's week: 10-26's delivered report").isZero();
    assertThat(byId.get("v-second").<Double>getAs("route_altered_baseline"))
        .as("11-03's week: 10-27..11-02, the other scored day's altered report, not 10-26's").isEqualTo(1.0);
  }

  @Test
  void aRouteServingSeveralCountriesHasItsFactsPerCountry() {
    routeAttempt("v-ng-old", "2026-11-01T10:00:00Z", "altered", "NG");
    routeAttempt("v-gb-old", "2026-11-01T10:00:00Z", "delivered", "GB");
    routeAttempt("v-ng-1", "2026-11-03T10:00:00Z", "altered", "NG");
    routeAttempt("v-ng-2", "2026-11-03T10:01:00Z", "altered", "NG");
    routeAttempt("v-gb-1", "2026-11-03T10:02:00Z", "delivered", "GB");
    routeAttempt("v-gb-2", "2026-11-03T10:03:00Z", "delivered", "GB");

    Row towardsGb = features("v-gb-1");
    assertThat(towardsGb.<Double>getAs("route_altered_share"))
        .as("r1 substitutes towards NG, not towards GB: 0 of 2, not 2 of 4").isZero();
    assertThat(towardsGb.<Double>getAs("route_altered_baseline")).as("GB's week before").isZero();
    Row towardsNg = features("v-ng-1");
    assertThat(towardsNg.<Double>getAs("route_altered_share")).as("2 of 2 towards NG").isEqualTo(1.0);
    assertThat(towardsNg.<Double>getAs("route_altered_baseline")).as("NG's week before").isEqualTo(1.0);
  }

  @Test
  void reportsThatShowAnotherPartyDoNotMakeARouteLookLikeOneThatSubstitutes() {
    routeAttempt("v-old-honest", "2026-11-01T10:00:00Z", "delivered");
    routeAttempt("v-old-spoof", "2026-11-01T10:01:00Z", "altered");
    attempts.get(attempts.size() - 1).put("report_device_id", "attacker-phone");
    routeAttempt("v-honest", "2026-11-03T10:00:00Z", "delivered");
    routeAttempt("v-early", "2026-11-03T10:01:00Z", "altered");
    attempts.get(attempts.size() - 1).put("reported_before_alert", true);
    routeAttempt("v-spoof", "2026-11-03T10:02:00Z", "altered");
    attempts.get(attempts.size() - 1).put("report_device_id", "attacker-phone");

    Row spoof = features("v-spoof");
    assertThat(spoof.<Double>getAs("route_altered_share")).as("0 of the 1 report from the handset that rang")
        .isZero();
    assertThat(spoof.<Double>getAs("route_altered_baseline")).as("the week before, likewise").isZero();
  }

  @Test
  void aRouteWhoseEveryReportShowsAnotherPartyKeepsItsShareOfAllReports() {
    routeAttempt("v-spoof-1", "2026-11-03T10:00:00Z", "altered");
    attempts.get(attempts.size() - 1).put("report_device_id", "attacker-phone");
    routeAttempt("v-spoof-2", "2026-11-03T10:01:00Z", "delivered");
    attempts.get(attempts.size() - 1).put("report_device_id", "attacker-phone");

    assertThat(features("v-spoof-1").<Double>getAs("route_altered_share")).as("1 of 2: no report to set apart")
        .isEqualTo(0.5);
  }

  @Test
  void onlyAnAndroidRequestCanBeCompletedByInterception() {
    interceptedReport("v-android", "android", "dev-v-android");
    interceptedReport("v-ios", "ios", "dev-v-ios");
    interceptedReport("v-web", "web", "dev-v-web");
    interceptedReport("v-unknown", null, "dev-v-unknown");
    interceptedReport("v-phone-beside-laptop", "web", "dev-phone");

    assertThat(features("v-android").<Double>getAs("report_intercepted_off_android")).as("android").isZero();
    assertThat(features("v-ios").<Double>getAs("report_intercepted_off_android")).as("ios").isEqualTo(1.0);
    assertThat(features("v-web").<Double>getAs("report_intercepted_off_android")).as("web").isEqualTo(1.0);
    assertThat(features("v-unknown").<Double>getAs("report_intercepted_off_android"))
        .as("no platform in the log: nothing known against it").isZero();
    assertThat(features("v-phone-beside-laptop").<Double>getAs("report_intercepted_off_android"))
        .as("asked on the web, intercepted by another device").isZero();
  }

  @Test
  void everyFeatureIsFilledEvenWithoutCallsReportsOrHistory() {
    attempt("v-bare", "p9", null, "2026-11-03T05:00:00Z", false);
    Row bare = features("v-bare");
    for (String feature : FeaturesTable.NUMERIC) {
      assertThat(bare.isNullAt(bare.fieldIndex(feature))).as(feature + " is filled").isFalse();
    }
  }

  /**
   * The features of {@code verificationId} on the fixtures as they stand. The query runs once per state of the
   * fixtures: a test's several look-ups share it, and a fixture changed after a look-up runs it again.
   */
  private Row features(String verificationId) {
    List<List<Map<String, Object>>> fixtures = List.of(copy(attempts), copy(events), copy(legs));
    if (!fixtures.equals(computedFrom)) {
      computed = new HashMap<>();
      for (Row row : VerificationFeatures.compute(frame(AttemptsTable.SCHEMA, attempts),
          frame(VerificationEventsTable.SCHEMA, events), frame(CdrTable.SCHEMA, legs), DAY, DAY).collectAsList()) {
        assertThat(computed.put(row.getAs("verification_id"), row)).as("one row per verification").isNull();
      }
      computedFrom = fixtures;
    }
    assertThat(computed).as("features of today's verifications").containsKey(verificationId);
    return computed.get(verificationId);
  }

  private static List<Map<String, Object>> copy(List<Map<String, Object>> fixtures) {
    return fixtures.stream().<Map<String, Object>>map(HashMap::new).toList();
  }

  private void attempt(String id, String phone, String device, String time, boolean verified) {
    attempts.add(row("verification_id", id, "app_id", "app-a", "phone_hash", phone, "phone_country", "GB",
        "phone_range", "range-1", "phone_block", "block-" + phone, "method", "flashcall",
        "requested_time", at(time), "first_event_time", at(time), "device_id", device, "device_platform", "android",
        "ip_country", "GB", "call_count", 1, "route_id", "r1", "report_count", verified ? 1 : 0,
        "report_device_id", verified ? device : null, "cli_match", verified ? "exact" : "none",
        "cli_outcome", verified ? "delivered" : "missing", "verified", verified, "fell_back_to_sms", false,
        "final_status", verified ? "VERIFIED" : "EXPIRED", "calls", List.of(),
        "date", Date.valueOf(at(time).toInstant().toString().substring(0, 10))));
  }

  private void platform(String platform) {
    attempts.get(attempts.size() - 1).put("device_platform", platform);
  }

  private void interceptedReport(String id, String platform, String reportDevice) {
    attempt(id, "p-" + id, "dev-" + id, "2026-11-03T10:00:00Z", true);
    Map<String, Object> last = attempts.get(attempts.size() - 1);
    last.put("device_platform", platform);
    last.put("report_source", "intercepted");
    last.put("report_device_id", reportDevice);
  }

  private void attemptWithCall(String id, String phone, String callId) {
    attempt(id, phone, "dev-" + id, "2026-11-03T10:00:00Z", true);
    Map<String, Object> last = attempts.get(attempts.size() - 1);
    Object[] call = new Object[AttemptsTable.CALL.size()];
    call[AttemptsTable.CALL.fieldIndex("call_id")] = callId;
    call[AttemptsTable.CALL.fieldIndex("route_id")] = "r1";
    last.put("calls", List.of(RowFactory.create(call)));
  }

  private void attemptWithCalls(String id, boolean verified, Row... calls) {
    attempt(id, "p-" + id, "dev-" + id, "2026-11-03T10:00:00Z", verified);
    Map<String, Object> last = attempts.get(attempts.size() - 1);
    last.put("calls", List.of(calls));
    last.put("diversion_count", 1);
  }

  /** A call forwarded and answered elsewhere (a voicemail platform, or a hijacker's phone). */
  private static Row divertedCall(int exactReports, int unparseableReports) {
    return call(exactReports, unparseableReports, 1, true);
  }

  /** {@code call} with {@code typoReports} reports one typo away from its CLI outside the code. */
  private static Row withTypoReports(Row call, int typoReports) {
    return with(call, "code_typo_reports", 0, "typo_reports", typoReports);
  }

  /** {@code call}, reported on once, whose leg alerted, did not, or is not known to have (null: no leg, or a dialect's). */
  private static Row alerted(Row call, Boolean alerted) {
    return with(call, "reports", 1, "alerted", alerted);
  }

  /** {@code call} with the given fields (alternating names and values) replaced. */
  private static Row with(Row call, Object... namesAndValues) {
    Object[] fields = new Object[call.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = call.get(i);
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields[AttemptsTable.CALL.fieldIndex((String) namesAndValues[i])] = namesAndValues[i + 1];
    }
    return RowFactory.create(fields);
  }

  private static Row call(int exactReports, int unparseableReports) {
    return call(exactReports, unparseableReports, 0, false);
  }

  private static Row call(int exactReports, int unparseableReports, int diversions, boolean answeredElsewhere) {
    Object[] call = new Object[AttemptsTable.CALL.size()];
    call[AttemptsTable.CALL.fieldIndex("call_id")] = "call-" + exactReports + unparseableReports + diversions;
    call[AttemptsTable.CALL.fieldIndex("route_id")] = "r1";
    call[AttemptsTable.CALL.fieldIndex("diversion_count")] = diversions;
    call[AttemptsTable.CALL.fieldIndex("answered")] = answeredElsewhere;
    call[AttemptsTable.CALL.fieldIndex("connected_differs")] = answeredElsewhere;
    call[AttemptsTable.CALL.fieldIndex("exact_reports")] = exactReports;
    call[AttemptsTable.CALL.fieldIndex("unparseable_reports")] = unparseableReports;
    return RowFactory.create(call);
  }

  private void routeAttempt(String id, String time, String outcome) {
    routeAttempt(id, time, outcome, "GB");
  }

  private void routeAttempt(String id, String time, String outcome, String country) {
    attempt(id, "p-" + id, "dev-" + id, time, true);
    attempts.get(attempts.size() - 1).put("cli_outcome", outcome);
    attempts.get(attempts.size() - 1).put("phone_country", country);
  }

  private void leg(String callId, String phone, String connected) {
    legs.add(row("call_id", callId, "route_id", "r1", "cli_hash", "cli", "b_hash", phone,
        "start_time", at("2026-11-03T10:00:01Z"), "end_time", at("2026-11-03T10:00:09Z"), "sip_code", 200,
        "connected_hash", connected, "connected_differs", true, "answered", true, "alert_time_available", true,
        "source_format", "canonical", "key_id", "k", "date", Date.valueOf(DAY)));
  }

  private void placed(String verificationId, String phone, String cli, String stem, Integer... typoKeys) {
    events.add(row("event_id", verificationId + "-placed", "event_time", at("2026-11-03T10:00:01Z"),
        "verification_id", verificationId, "event_type", "CALL_PLACED", "app_id", "app-a", "phone_hash", phone,
        "expected_cli_hash", cli, "expected_cli_stem_hash", stem, "code_length", 4,
        "expected_cli_typo_keys", typoKeys.length == 0 ? null : List.of(typoKeys), "date", Date.valueOf(DAY)));
  }

  /** The {@code nth} manual report of a verification, typo keys as ingest derives them (none: ingested before them). */
  private void typed(String verificationId, String phone, int nth, String cli, Integer... typoKeys) {
    events.add(row("event_id", verificationId + "-typed-" + nth, "event_time", at("2026-11-03T10:00:1" + nth + "Z"),
        "verification_id", verificationId, "event_type", "CLI_REPORTED", "app_id", "app-a", "phone_hash", phone,
        "reported_cli_hash", cli, "reported_cli_stem_hashes", List.of(cli + "-stem"),
        "reported_cli_typo_keys", typoKeys.length == 0 ? null : List.of(typoKeys),
        "reported_cli_valid", true, "reported_cli_country", "GB", "phone_country", "GB", "date", Date.valueOf(DAY)));
  }

  private void reported(String verificationId, String phone, String cli, String stem) {
    reported(verificationId, phone, cli, stem, "GB");
  }

  private void reported(String verificationId, String phone, String cli, String stem, String cliCountry) {
    events.add(row("event_id", verificationId + "-reported", "event_time", at("2026-11-03T10:00:05Z"),
        "verification_id", verificationId, "event_type", "CLI_REPORTED", "app_id", "app-a", "phone_hash", phone,
        "reported_cli_hash", cli, "reported_cli_stem_hashes", List.of("x", stem, "y", "z"),
        "reported_cli_valid", true, "reported_cli_country", cliCountry, "phone_country", "GB",
        "date", Date.valueOf(DAY)));
  }
}
