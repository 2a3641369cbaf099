package io.flashguard.models.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.core.tables.FeaturesTable;
import io.flashguard.core.tables.WindowFeaturesTable;
import io.flashguard.models.FraudType;
import io.flashguard.models.scoring.Thresholds;
import io.flashguard.testing.SparkTestBase;
import java.sql.Date;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Each rule on literal feature rows: when it holds, what it adds to the score, what it says. */
public class DetectionRulesTest extends SparkTestBase {
  private static final Date DAY = Date.valueOf("2026-11-02");

  @Test
  void reportBeforeAlertSaysHowEarly() {
    Row scored = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 1.0,
        "reported_before_alert", 1.0, "report_lead_s", 3.2));
    assertThat(scored.getDouble(0)).as("one rule of weight 0.9").isCloseTo(0.9, within(1e-9));
    assertThat(scored.getList(1)).as("reasons").containsExactly("report arrived 3.2 s before the call alerted");
  }

  @Test
  void reportOnACallThatNeverAlertedIsNotAlsoCalledEarly() {
    Row scored = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 1.0,
        "reported_before_alert", 1.0, "report_on_unalerted_call", 1.0));
    assertThat(scored.getList(1)).as("one reason, not two for the same fact")
        .containsExactly("CLI reported for a call that never reached the handset (it did not alert)");
  }

  @Test
  void replayedCliAndManyGuessesCombineAsIndependentEvidence() {
    Row scored = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 4.0,
        "replayed_reports", 1.0, "other_clis_reported", 3.0, "report_ip_country_differs", 1.0));
    assertThat(scored.getDouble(0)).as("1 - 0.15 * 0.2 * 0.7").isCloseTo(1 - 0.15 * 0.2 * 0.7, within(1e-9));
    assertThat(scored.getList(1)).as("strongest first").containsExactly(
        "reported CLI was dialed to another number (replay), 1 report(s)",
        "4 report tries with 3 different numbers (retypes aside) that were not this verification's CLI",
        "report IP country DE ≠ number country BR");
  }

  @Test
  void interceptionClaimedByAClientThatCannotInterceptFlagsAlone() {
    Row scored = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 1.0,
        "report_intercepted", 1.0, "platform_web_or_other", 1.0, "report_intercepted_off_android", 1.0));
    assertThat(scored.getDouble(0)).as("one rule of weight 0.9, above the rules' default threshold")
        .isCloseTo(0.9, within(1e-9)).isGreaterThanOrEqualTo(Thresholds.rulesOnly().rules());
    assertThat(scored.getList(1)).as("reasons").containsExactly("report claims the handset read the call itself, "
        + "but the request came from an iOS, web or other client, and only Android apps can read an incoming "
        + "call's number");
  }

  @Test
  void aSubstituteRetypedWithTyposIsNotManyGuesses() {
    Row scored = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 3.0,
        "foreign_cli_reports", 3.0, "foreign_cli_numbers", 12.0, "other_clis_reported", 3.0));
    assertThat(scored.getDouble(0)).as("a SIM box's number that 12 numbers reported, typed three ways").isZero();
  }

  @Test
  void honestRetriesOfOneCliAreNotGuesses() {
    Row scored = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 4.0,
        "code_typo_reports", 3.0, "exact_reports", 1.0, "other_clis_reported", 0.0));
    assertThat(scored.getDouble(0)).as("three typos of its own CLI, then right").isZero();
  }

  @Test
  void neverDialedCliWeighsMoreOnARouteThatKeepsClisIntact() {
    Row intact = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 1.0,
        "foreign_cli_reports", 1.0, "foreign_cli_numbers", 1.0, "route_altered_share", 0.02,
        "route_altered_baseline", 0.01));
    Row altering = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 1.0,
        "foreign_cli_reports", 1.0, "foreign_cli_numbers", 1.0, "route_altered_share", 0.40));
    Row alteredAllWeek = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 1.0,
        "foreign_cli_reports", 1.0, "foreign_cli_numbers", 1.0, "route_altered_share", 0.0,
        "route_altered_baseline", 0.16));
    assertThat(intact.getDouble(0)).as("intact route").isCloseTo(0.5, within(1e-9));
    assertThat(intact.getList(1)).as("intact route reason").containsExactly(
        "reported CLI was never dialed by us and no other number reported it, on a route that altered only "
            + "2.0% of CLIs that day and 1.0% over the week before");
    assertThat(altering.getDouble(0)).as("a grey route alters CLIs of honest users too").isCloseTo(0.2, within(1e-9));
    assertThat(alteredAllWeek.getDouble(0)).as("a quiet day on a route that substitutes").isCloseTo(0.2, within(1e-9));
  }

  @Test
  void neverDialedCliThatManyNumbersReportedIsARoutesSubstitute() {
    Row scored = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 2.0,
        "foreign_cli_reports", 2.0, "foreign_cli_numbers", 40.0, "pool_like_reports", 1.0,
        "foreign_cli_abroad_reports", 1.0, "other_clis_reported", 1.0));
    assertThat(scored.getDouble(0)).as("a SIM box's or gateway's number, seen by 40 numbers").isZero();
    Row retyped = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 5.0,
        "foreign_cli_reports", 5.0, "foreign_cli_numbers", 40.0, "other_clis_reported", 2.0));
    assertThat(retyped.getDouble(0)).as("the substitute typed five times, once with a typo").isZero();
  }

  @Test
  void guessedCodeInOurRangesIsStrongOnAnIntactRouteAndWeakerWhereTheRouteSubstitutes() {
    Row intact = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 1.0,
        "foreign_cli_reports", 1.0, "foreign_cli_numbers", 1.0, "pool_like_reports", 1.0,
        "route_altered_share", 0.01, "route_altered_baseline", 0.02));
    Row altering = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 1.0,
        "foreign_cli_reports", 1.0, "foreign_cli_numbers", 1.0, "pool_like_reports", 1.0,
        "route_altered_share", 0.4, "route_altered_baseline", 0.3));
    assertThat(intact.getDouble(0)).as("guess 0.8; the never-dialed rules weigh the CLIs a guess rule does not")
        .isCloseTo(0.8, within(1e-9));
    assertThat(intact.getList(1).get(0)).as("strongest reason on the intact route")
        .isEqualTo("reported CLI is in our own CLI ranges but was dialed to nobody: a guessed code, 1 report(s)");
    assertThat(altering.getDouble(0)).as("guess or substitute 0.4, alone").isCloseTo(0.4, within(1e-9));
    assertThat(intact.getList(1)).as("one reason per never-dialed CLI").hasSize(1);
    assertThat(altering.getList(1).get(0)).as("strongest reason on the altering route")
        .isEqualTo("reported CLI is in our own CLI ranges but was dialed to nobody, 1 report(s): a guessed code, "
            + "or its route's substitute (it altered 40.0% of CLIs that day, 30.0% over the week before)");
  }

  @Test
  void aNeverDialedCliFromTheHandsetThatVerifiedTheNumberBeforeIsLikelyASubstitute() {
    Object[] returning = {"number_seen_before", 1.0, "hours_since_last_verified", 30.0,
        "device_changed_since_last_verified", 0.0, "device_first_seen_for_number", 0.0};
    Row guess = score(FraudType.SPOOFED_CLI, verification(with(returning, "reported", 1.0, "report_count", 1.0,
        "foreign_cli_reports", 1.0, "foreign_cli_numbers", 1.0, "pool_like_reports", 1.0,
        "route_altered_share", 0.01, "route_altered_baseline", 0.02)));
    Row neverDialed = score(FraudType.SPOOFED_CLI, verification(with(returning, "reported", 1.0,
        "report_count", 1.0, "foreign_cli_reports", 1.0, "foreign_cli_numbers", 1.0)));
    Row newDevice = score(FraudType.SPOOFED_CLI, verification("reported", 1.0, "report_count", 1.0,
        "foreign_cli_reports", 1.0, "foreign_cli_numbers", 1.0, "pool_like_reports", 1.0,
        "number_seen_before", 1.0, "hours_since_last_verified", 30.0, "device_changed_since_last_verified", 1.0,
        "device_first_seen_for_number", 1.0));
    Row beforeAlert = score(FraudType.SPOOFED_CLI, verification(with(returning, "reported", 1.0,
        "report_count", 1.0, "reported_before_alert", 1.0)));

    assertThat(guess.getDouble(0)).as("a CLI of our ranges, on an intact route, from the number's own handset")
        .isCloseTo(0.4, within(1e-9));
    assertThat(guess.getList(1)).as("its reason").containsExactly(
        "reported CLI is in our own CLI ranges but was dialed to nobody, 1 report(s): a guessed code, or its route's "
            + "substitute (it altered 1.0% of CLIs that day, 2.0% over the week before); reported by the handset "
            + "that verified this number 30.0 h earlier");
    assertThat(neverDialed.getDouble(0)).as("any other never-dialed CLI from it").isCloseTo(0.2, within(1e-9));
    assertThat(newDevice.getDouble(0)).as("another device on a number verified before").isCloseTo(0.8, within(1e-9));
    assertThat(beforeAlert.getDouble(0)).as("the number's handset does not excuse a report before the alert")
        .isCloseTo(0.9, within(1e-9));
  }

  @Test
  void legitimateLookingVerificationScoresZero() {
    for (FraudType type : List.of(FraudType.SPOOFED_CLI, FraudType.FORWARDING_HIJACK)) {
      Row scored = score(type, verification("reported", 1.0, "report_count", 1.0, "exact_reports", 1.0,
          "cli_delivered", 1.0, "verified", 1.0));
      assertThat(scored.getDouble(0)).as(type + " score").isZero();
      assertThat(scored.getList(1)).as(type + " reasons").isEmpty();
    }
  }

  @Test
  void forwardedAndAnsweredCallIsAHijack() {
    Row scored = score(FraudType.FORWARDING_HIJACK, verification("reported", 1.0, "report_count", 1.0,
        "reported_own_cli", 1.0, "connected_differs", 1.0, "connected_party_numbers", 1.0, "diversion_count", 2.0,
        "answered", 1.0, "completing_call_connected_elsewhere", 1.0, "completing_call_diverted", 1.0,
        "completing_call_answered", 1.0, "ip_country_differs", 1.0));
    assertThat(scored.getDouble(0)).as("1 - 0.2 * 0.25 * 0.6 * 0.7").isCloseTo(1 - 0.2 * 0.25 * 0.6 * 0.7, within(1e-9));
    assertThat(scored.getList(1)).as("reasons, strongest first").containsExactly(
        "call was connected to a number other than the one dialed, which answered for 1 number(s)",
        "call diverted 2 time(s), and the verification completed",
        "flash call was answered (a flash call should ring, not be picked up)",
        "IP country DE ≠ number country BR");
  }

  @Test
  void diversionFollowedByAReportOfOurCliFlagsAlone() {
    Row scored = score(FraudType.FORWARDING_HIJACK, verification("reported", 1.0, "report_count", 1.0,
        "reported_own_cli", 1.0, "diversion_count", 1.0, "completing_call_diverted", 1.0));
    assertThat(scored.getDouble(0)).as("diverted, nothing else: the rule's weight alone")
        .isCloseTo(0.75, within(1e-9))
        .as("diverted, nothing else: at or above the rules' default threshold")
        .isGreaterThanOrEqualTo(Thresholds.DEFAULT_RULES);
  }

  @Test
  void aDiversionCountsOnlyOnTheCallThatCompletedTheVerification() {
    Row voicemailThenRetry = score(FraudType.FORWARDING_HIJACK, verification("reported", 1.0, "report_count", 1.0,
        "reported_own_cli", 1.0, "verified", 1.0, "diversion_count", 1.0, "answered", 1.0, "connected_differs", 1.0,
        "connected_party_numbers", 1.0));
    Row codeOnly = score(FraudType.FORWARDING_HIJACK, verification("reported", 1.0, "report_count", 1.0,
        "unparseable_reports", 1.0, "verified", 1.0, "diversion_count", 1.0, "completing_call_diverted", 1.0));
    assertThat(voicemailThenRetry.getDouble(0)).as("the first call went to a voicemail, the retry verified")
        .isZero();
    assertThat(codeOnly.getDouble(0)).as("the platform verified the code digits typed alone, after a diversion")
        .isCloseTo(0.75, within(1e-9));
  }

  @Test
  void callForwardedToVoicemailIsNoHijack() {
    Row unreported = score(FraudType.FORWARDING_HIJACK, verification("connected_differs", 1.0,
        "connected_party_numbers", 1.0, "diversion_count", 1.0, "answered", 1.0));
    Row busyThenReported = score(FraudType.FORWARDING_HIJACK, verification("reported", 1.0, "report_count", 1.0,
        "reported_own_cli", 1.0, "connected_differs", 1.0, "connected_party_numbers", 350.0, "diversion_count", 1.0,
        "answered", 1.0, "completing_call_connected_elsewhere", 1.0, "completing_call_diverted", 1.0,
        "completing_call_answered", 1.0));
    assertThat(unreported.getDouble(0)).as("handset off: nobody reported the CLI").isZero();
    assertThat(busyThenReported.getDouble(0)).as("a platform that answered for 350 numbers").isZero();
  }

  @Test
  void answeredCallWithoutReportIsNotAHijackSign() {
    Row scored = score(FraudType.FORWARDING_HIJACK, verification("answered", 1.0, "ip_country_differs", 1.0,
        "device_numbers", 40.0));
    assertThat(scored.getDouble(0)).as("nobody completed it: pumping's answered calls look like this").isZero();
  }

  @Test
  void deviceChangeAfterTheNumbersLastVerificationIsNamedWithItsAge() {
    Row scored = score(FraudType.FORWARDING_HIJACK, verification("reported", 1.0, "report_count", 1.0,
        "reported_own_cli", 1.0, "device_changed_since_last_verified", 1.0, "hours_since_last_verified", 3.14,
        "device_first_seen_for_number", 1.0, "number_seen_before", 1.0));
    assertThat(scored.getList(1)).as("reasons: a new device counted once").containsExactly(
        "device changed since the number's last successful verification 3.1 h earlier");
  }

  @Test
  void aNewDeviceOnAnotherPlatformNeedsAThirdPieceOfEvidence() {
    Row switched = score(FraudType.FORWARDING_HIJACK, verification("reported", 1.0, "report_count", 1.0,
        "reported_own_cli", 1.0, "device_changed_since_last_verified", 1.0, "platform_changed_since_last_verified", 1.0));
    Row switchedFromAbroad = score(FraudType.FORWARDING_HIJACK, verification("reported", 1.0, "report_count", 1.0,
        "reported_own_cli", 1.0, "device_changed_since_last_verified", 1.0, "platform_changed_since_last_verified", 1.0,
        "ip_country_differs", 1.0));
    assertThat(switched.getDouble(0)).as("1 - 0.5 * 0.65: some honest users change platform with their phone")
        .isCloseTo(1 - 0.5 * 0.65, within(1e-9)).isLessThan(Thresholds.DEFAULT_RULES);
    assertThat(switchedFromAbroad.getDouble(0)).as("1 - 0.5 * 0.65 * 0.7")
        .isCloseTo(1 - 0.5 * 0.65 * 0.7, within(1e-9)).isGreaterThanOrEqualTo(Thresholds.DEFAULT_RULES);
    assertThat(switched.getList(1)).contains(
        "request came from another platform (Android, iOS, web) than the number's last successful verification");
  }

  @Test
  void burstWindowIsDescribedWithItsAppRangeHourAndBaseline() {
    Map<String, Object> window = window("requests", 124L, "span_requests", 130L, "span_volume_ratio", 10.8,
        "verified_requests", 0L, "distinct_numbers", 120L,
        "distinct_devices", 3L, "distinct_ips", 2L, "baseline_median", 4.0, "volume_ratio", 31.0,
        "conversion", 0.0, "sequential_score", 1 - 2.0 / 120, "devices_per_request", 3.0 / 124,
        "answered_share", 0.05, "country_volume_ratio", 1.5);
    Row scored = frame(WindowFeaturesTable.SCHEMA, List.of(window))
        .select(rules(FraudType.PUMPING).score(), rules(FraudType.PUMPING).reasons()).first();
    assertThat(scored.getList(1)).as("reasons").containsExactly(
        "sequential numbers: 120 numbers in 2 block(s) of 100",
        "burst: 31× the usual requests for app app-a → ID range 3fa9c2d1… in or around hour 14 "
            + "(124 requests that hour, 130 in hours 14±1; usual 4 an hour)",
        "0.0% of 124 requests verified",
        "124 requests from 3 device(s) and 2 IP address(es)");
    assertThat(scored.getDouble(0)).as("four rules").isCloseTo(1 - 0.4 * 0.5 * 0.5 * 0.5, within(1e-9));
  }

  @Test
  void campaignSurgeOfHonestUsersStaysBelowTheRulesThreshold() {
    Map<String, Object> campaign = window("requests", 40L, "span_requests", 60L, "distinct_numbers", 40L,
        "verified_requests", 33L, "conversion", 33.0 / 40, "devices_per_request", 1.0, "volume_ratio", 40.0,
        "span_volume_ratio", 20.0, "country_volume_ratio", 12.0, "sequential_score", 0.1);
    Row scored = frame(WindowFeaturesTable.SCHEMA, List.of(campaign))
        .select(rules(FraudType.PUMPING).score()).first();
    assertThat(scored.getDouble(0)).as("volume 0.5 and country volume 0.2, nothing else")
        .isCloseTo(1 - 0.5 * 0.8, within(1e-9)).isLessThan(io.flashguard.models.scoring.Thresholds.DEFAULT_RULES);
  }

  @Test
  void volumeIsNoEvidenceWithoutAnyEarlierDay() {
    Map<String, Object> busy = window("requests", 14L, "span_requests", 40L, "distinct_numbers", 14L,
        "verified_requests", 11L, "conversion", 11.0 / 14, "devices_per_request", 1.0, "volume_ratio", 14.0,
        "span_volume_ratio", 40.0, "country_volume_ratio", 900.0, "baseline_periods", 0);
    Row firstDay = frame(WindowFeaturesTable.SCHEMA, List.of(busy))
        .select(rules(FraudType.PUMPING).score()).first();
    assertThat(firstDay.getDouble(0)).as("a busy honest range on the warehouse's first day").isZero();

    busy.put("baseline_periods", 3);
    Row withHistory = frame(WindowFeaturesTable.SCHEMA, List.of(busy))
        .select(rules(FraudType.PUMPING).score()).first();
    assertThat(withHistory.getDouble(0)).as("the same window against three days that had none of it")
        .isCloseTo(1 - 0.5 * 0.8, within(1e-9));
  }

  @Test
  void theFringeHourOfABurstIsJudgedByItsSpan() {
    Map<String, Object> fringe = window("requests", 3L, "span_requests", 36L, "distinct_numbers", 3L,
        "baseline_median", 1.0, "volume_ratio", 3.0, "span_volume_ratio", 12.0, "conversion", 0.0,
        "devices_per_request", 0.67);
    Row scored = frame(WindowFeaturesTable.SCHEMA, List.of(fringe))
        .select(rules(FraudType.PUMPING).score(), rules(FraudType.PUMPING).reasons()).first();
    assertThat(scored.getDouble(0)).as("volume alone, on the span").isCloseTo(0.5, within(1e-9));
    assertThat(scored.getList(1)).as("the reason names the span's requests")
        .containsExactly("burst: 12× the usual requests for app app-a → ID range 3fa9c2d1… "
            + "in or around hour 14 (3 requests that hour, 36 in hours 14±1; usual 1 an hour)");

    fringe.put("span_volume_ratio", 9.0);
    assertThat(frame(WindowFeaturesTable.SCHEMA, List.of(fringe)).select(rules(FraudType.PUMPING).score())
        .first().getDouble(0)).as("a span under 10× its baseline").isZero();
  }

  @Test
  void smallWindowIsNeverABurst() {
    Map<String, Object> window = window("requests", 3L, "span_requests", 3L, "distinct_numbers", 3L,
        "volume_ratio", 3.0, "span_volume_ratio", 1.0,
        "conversion", 0.0, "devices_per_request", 0.33);
    Row scored = frame(WindowFeaturesTable.SCHEMA, List.of(window))
        .select(rules(FraudType.PUMPING).score()).first();
    assertThat(scored.getDouble(0)).as("three unverified requests").isZero();
  }

  private Row score(FraudType type, Map<String, Object> features) {
    return frame(FeaturesTable.SCHEMA, List.of(features))
        .select(rules(type).score(), rules(type).reasons()).first();
  }

  private static Object[] with(Object[] common, Object... more) {
    Object[] all = Arrays.copyOf(common, common.length + more.length);
    System.arraycopy(more, 0, all, common.length, more.length);
    return all;
  }

  private static RuleSet rules(FraudType type) {
    return DetectionRules.of(type);
  }

  /** A features row: every numeric feature 0 unless given; number in BR, IPs in DE. */
  public static Map<String, Object> verification(Object... overrides) {
    Map<String, Object> values = new LinkedHashMap<>();
    FeaturesTable.NUMERIC.forEach(name -> values.put(name, 0.0));
    values.putAll(row("verification_id", "v1", "app_id", "app-a", "phone_country", "BR", "ip_country", "DE",
        "report_ip_country", "DE", "route_id", "r1", "range_window_id", "range/app-a/x/2026-11-02T14",
        "first_event_time", at("2026-11-02T14:00:00Z"), "final_status", "VERIFIED", "date", DAY));
    values.putAll(row(overrides));
    return values;
  }

  private static Map<String, Object> window(Object... overrides) {
    Map<String, Object> values = new LinkedHashMap<>();
    WindowFeaturesTable.NUMERIC.forEach(name -> values.put(name, 0.0));
    values.putAll(row("window_id", "range/app-a/3fa9c2d1e0ab/2026-11-02T14", "grain", "range", "app_id", "app-a",
        "phone_country", "ID", "phone_range", "3fa9c2d1e0ab77", "window_start", at("2026-11-02T14:00:00Z"),
        "requests", 0L, "span_requests", 0L, "verified_requests", 0L, "distinct_numbers", 0L, "distinct_devices", 0L,
        "distinct_ips", 0L, "baseline_median", 0.0, "baseline_mad", 0.0, "baseline_periods", 1, "date", DAY));
    values.putAll(row(overrides));
    return values;
  }
}
