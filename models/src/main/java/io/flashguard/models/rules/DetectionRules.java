package io.flashguard.models.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.flashguard.models.FraudType;
import io.flashguard.models.features.VerificationFeatures;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The explainable rules of each fraud type: the baseline an analyst can read, and half of every
 * combined score. Verification rules read {@code features} rows; pumping rules read range windows
 * of {@code window_features}. Weights say how much a rule alone should worry an analyst; they were
 * set by hand from how each fraud works (docs/detection.md), not fitted.
 */
public final class DetectionRules {
  /** Windows smaller than this are never called a burst by the rules. */
  public static final long MIN_BURST_REQUESTS = 10;
  /** A route that alters fewer reported CLIs than this is one that delivers them intact. */
  public static final double INTACT_ROUTE_ALTERED_SHARE = 0.05;
  /** A never-dialed CLI reported by this many numbers within a day either side is a route's substitute, not a spoof. */
  public static final double SHARED_CLI_NUMBERS = 3;
  /** A connected party that answered for this many numbers is a platform (voicemail), not one person's phone. */
  public static final double SHARED_CONNECTED_NUMBERS = 5;

  private DetectionRules() {}

  public static RuleSet of(FraudType type) {
    return switch (type) {
      case SPOOFED_CLI -> spoofedCli();
      case FORWARDING_HIJACK -> forwardingHijack();
      case PUMPING -> pumping();
    };
  }

  /**
   * A never-dialed CLI is weighed by its context: routes substitute our CLI for honest users (a SIM
   * box's local numbers, a gateway's fixed numbers), so a CLI that several numbers reported, one on a
   * route that alters CLIs today or did so over the past week, or one reported by the handset that
   * completed the number's last verification is weak evidence — a spoofer does not hold the number's
   * own phone (on the model cards' worlds, 5 of some 2,900 spoofs with a never-dialed CLI came from
   * it, against an eighth to a third of the honest reports of one); one that comes from another
   * country is not what substitution produces. One that looks like ours with another code is
   * a guess on a route that keeps CLIs intact, but only half as telling where a substitute is likely:
   * a substitute can fall inside our ranges when they are broad (a city's numbers). Only
   * an Android app can read the number of an incoming call, so a request from any other client whose
   * own report claims it did was completed by a tool posting to the API. Three or more different
   * numbers that were not ours are guesses — a number retyped with a typo is one number, a typo of
   * our CLI is ours — unless one of them many numbers reported: then it is a route's substitute.
   */
  static RuleSet spoofedCli() {
    Column foreign = col("foreign_cli_reports").gt(0);
    Column ownMadeUp = foreign.and(col("foreign_cli_numbers").lt(SHARED_CLI_NUMBERS));
    Column routeAlters = greatest(col("route_altered_share"), col("route_altered_baseline"))
        .geq(INTACT_ROUTE_ALTERED_SHARE);
    // a never-dialed CLI is weak evidence where a substitute is a likely cause: the route substitutes,
    // or the handset that verified this number before is the one reporting (a spoofer does not hold it)
    Column substituteLikely = routeAlters.or(verifiedHandset());
    Column poolLike = ownMadeUp.and(col("pool_like_reports").gt(0));
    // a CLI of our ranges is the one never-dialed CLI the guess rules weigh; the others weigh the rest
    Column otherMadeUp = ownMadeUp.and(not(poolLike));
    return new RuleSet(List.of(
        new Rule("report_before_alert", 0.9,
            col("reported_before_alert").equalTo(1).and(col("report_on_unalerted_call").equalTo(0)),
            when(col("report_lead_s").gt(0), format_string("report arrived %.1f s before the call alerted",
                col("report_lead_s"))).otherwise(lit("report arrived before the call alerted"))),
        new Rule("report_on_unalerted_call", 0.9, col("report_on_unalerted_call").equalTo(1),
            lit("CLI reported for a call that never reached the handset (it did not alert)")),
        new Rule("intercepted_off_android", 0.9, col("report_intercepted_off_android").equalTo(1),
            lit("report claims the handset read the call itself, but the request came from an iOS, web or other "
                + "client, and only Android apps can read an incoming call's number")),
        new Rule("replayed_cli", 0.85, col("replayed_reports").gt(0),
            format_string("reported CLI was dialed to another number (replay), %d report(s)",
                col("replayed_reports").cast("int"))),
        new Rule("guessed_cli", 0.8, poolLike.and(not(substituteLikely)),
            format_string("reported CLI is in our own CLI ranges but was dialed to nobody: a guessed code, "
                + "%d report(s)", col("pool_like_reports").cast("int"))),
        new Rule("guessed_cli_or_substitute", 0.4, poolLike.and(substituteLikely),
            concat(format_string("reported CLI is in our own CLI ranges but was dialed to nobody, %d report(s): a "
                    + "guessed code, or its route's substitute (it altered %s%% of CLIs that day, %s%% over the week "
                    + "before)", col("pool_like_reports").cast("int"), percent(col("route_altered_share")),
                percent(col("route_altered_baseline"))), fromVerifiedHandset())),
        new Rule("never_dialed_cli_on_intact_route", 0.5, otherMadeUp.and(not(substituteLikely)),
            format_string("reported CLI was never dialed by us and no other number reported it, on a route that "
                    + "altered only %s%% of CLIs that day and %s%% over the week before",
                percent(col("route_altered_share")), percent(col("route_altered_baseline")))),
        new Rule("never_dialed_cli", 0.2, otherMadeUp.and(substituteLikely),
            concat(format_string("reported CLI was never dialed by us (its route altered %s%% of CLIs that day, "
                    + "%s%% over the week before)",
                percent(col("route_altered_share")), percent(col("route_altered_baseline"))), fromVerifiedHandset())),
        new Rule("never_dialed_cli_abroad", 0.4, ownMadeUp.and(col("foreign_cli_abroad_reports").gt(0)),
            lit("reported CLI is a number of another country than the one verified (a route that substitutes "
                + "shows local numbers)")),
        new Rule("report_from_other_device", 0.5, col("report_device_differs").equalTo(1),
            lit("report came from another device than the request")),
        new Rule("many_guesses", 0.8,
            col("other_clis_reported").geq(3).and(col("foreign_cli_numbers").lt(SHARED_CLI_NUMBERS)),
            format_string("%d report tries with %d different numbers (retypes aside) "
                + "that were not this verification's CLI",
                col("report_count").cast("int"), col("other_clis_reported").cast("int"))),
        new Rule("report_ip_abroad", 0.3, col("report_ip_country_differs").equalTo(1),
            countriesDiffer("report IP country", col("report_ip_country")))));
  }

  /**
   * A hijacker completes the verification from their own device with the CLI the forwarded call
   * showed them, so every rule needs the verification completed: a report of the CLI we dialed, or
   * the platform's word that the code was right (it compares the code digits, and a report written
   * in a form we cannot read back to our CLI — a national form, the digits alone — completes it all
   * the same). A diverted call that nobody completed is a handset off or busy (voicemail), not a
   * hijack, and so a diversion, an answer or a connection elsewhere counts only on the call that
   * completed the verification: a voicemail leg before a retry that verified is the handset off the
   * first time. A diversion answered by a party that answers for many numbers (an operator's voicemail
   * platform) is no evidence either; any other diversion followed by a completed verification is
   * how a forwarding hijack works, and flags alone at the rules' default threshold (honest users
   * seldom forward their own number and type the CLI from the other phone); a trained detector's
   * combined threshold may lie above it. A new device is counted once: either it replaced the
   * device of the number's last verification, or it is merely new for a number seen before — honest
   * users change phones, so neither is strong alone. A change of platform (Android, iOS, web) weighs
   * on top: people who change phones mostly stay with their platform, a hijacker's phone need not,
   * but some honest users switch, so device and platform together still stay below the rules'
   * default threshold and need a third piece of evidence (an IP abroad, a device on many numbers).
   */
  static RuleSet forwardingHijack() {
    Column completed = col("reported_own_cli").equalTo(1).or(col("verified").equalTo(1));
    Column ownParty = col("connected_party_numbers").lt(SHARED_CONNECTED_NUMBERS);
    return new RuleSet(List.of(
        new Rule("connected_number_differs", 0.8, ownParty.and(col("completing_call_connected_elsewhere").equalTo(1)),
            format_string("call was connected to a number other than the one dialed, which answered for %d "
                + "number(s)", col("connected_party_numbers").cast("int"))),
        new Rule("diverted", 0.75, ownParty.and(col("completing_call_diverted").equalTo(1)),
            format_string("call diverted %d time(s), and the verification completed",
                col("diversion_count").cast("int"))),
        new Rule("device_changed_after_verification", 0.5, completed.and(col("device_changed_since_last_verified").equalTo(1)),
            format_string("device changed since the number's last successful verification %s h earlier",
                format_number(col("hours_since_last_verified"), 1))),
        new Rule("platform_changed", 0.35, completed.and(col("platform_changed_since_last_verified").equalTo(1)),
            lit("request came from another platform (Android, iOS, web) than the number's last successful "
                + "verification")),
        new Rule("answered", 0.4, ownParty.and(col("completing_call_answered").equalTo(1)),
            lit("flash call was answered (a flash call should ring, not be picked up)")),
        new Rule("device_on_many_numbers", 0.4, completed.and(col("device_numbers").geq(3)),
            format_string("device asked to verify %d numbers", col("device_numbers").cast("int"))),
        new Rule("new_device_for_known_number", 0.3,
            completed.and(col("device_first_seen_for_number").equalTo(1)).and(col("number_seen_before").equalTo(1))
                .and(col("device_changed_since_last_verified").equalTo(0)),
            lit("device first seen for this number")),
        new Rule("ip_abroad", 0.3, completed.and(col("ip_country_differs").equalTo(1)),
            countriesDiffer("IP country", col("ip_country")))));
  }

  static RuleSet pumping() {
    Column big = col("requests").geq(MIN_BURST_REQUESTS);
    // a window's volume against "usual" says nothing when the warehouse holds no earlier day at all
    // (baseline_periods = 0): on a first day every busy range would otherwise be a burst. Volume alone
    // never reaches the rules' threshold: an app's campaign brings surges of honest users too.
    Column withBaseline = col("baseline_periods").gt(0);
    Column comparable = big.and(withBaseline);
    // a burst's first and last hours hold few of its requests; its three-hour span holds them all
    Column burstVolume = big.and(col("volume_ratio").geq(10))
        .or(col("span_requests").geq(MIN_BURST_REQUESTS).and(col("span_volume_ratio").geq(10)));
    return new RuleSet(List.of(
        new Rule("volume_burst", 0.5, withBaseline.and(burstVolume),
            format_string("burst: %s× the usual requests for app %s → %s range %s… in or around hour %s "
                    + "(%d requests that hour, %d in hours %s±1; usual %s an hour)",
                format_number(greatest(col("volume_ratio"), col("span_volume_ratio")), 0), col("app_id"),
                col("phone_country"), substring(col("phone_range"), 1, 8), substring(col("window_id"), -2, 2),
                col("requests"), col("span_requests"), substring(col("window_id"), -2, 2),
                format_number(col("baseline_median"), 0))),
        new Rule("sequential_numbers", 0.6, col("distinct_numbers").geq(10).and(col("sequential_score").geq(0.5)),
            format_string("sequential numbers: %d numbers in %d block(s) of 100", col("distinct_numbers"),
                round(col("distinct_numbers").multiply(lit(1.0).minus(col("sequential_score")))).cast("int"))),
        new Rule("no_conversion", 0.5, big.and(col("conversion").leq(0.1)),
            format_string("%s%% of %d requests verified", percent(col("conversion")), col("requests"))),
        new Rule("few_sources", 0.5, big.and(col("devices_per_request").leq(0.1)),
            format_string("%d requests from %d device(s) and %d IP address(es)", col("requests"),
                col("distinct_devices"), col("distinct_ips"))),
        new Rule("answered_calls", 0.4, big.and(col("answered_share").geq(0.2)),
            format_string("%s%% of calls answered (revenue for the terminating party)", percent(col("answered_share")))),
        new Rule("country_burst", 0.2, comparable.and(col("country_volume_ratio").geq(3)),
            format_string("app %s → %s as a whole: %s× its usual requests that hour", col("app_id"),
                col("phone_country"), format_number(col("country_volume_ratio"), 1)))));
  }

  /**
   * The report came from the handset that completed this number's last successful verification
   * within the lookback, and the request from a device that asked for this number before: the
   * number's own user, most likely, for whom a never-dialed CLI is what the route showed. A device
   * first seen for the number is never that handset, nor is one the warehouse has no id for.
   */
  private static Column verifiedHandset() {
    return col("number_seen_before").equalTo(1)
        .and(col("hours_since_last_verified").lt(VerificationFeatures.NEVER_VERIFIED_HOURS))
        .and(col("device_changed_since_last_verified").equalTo(0))
        .and(col("device_first_seen_for_number").equalTo(0));
  }

  private static Column fromVerifiedHandset() {
    return when(verifiedHandset(), format_string(
            "; reported by the handset that verified this number %s h earlier", format_number(
                col("hours_since_last_verified"), 1)))
        .otherwise(lit(""));
  }

  private static Column percent(Column share) {
    return format_number(share.multiply(100), 1);
  }

  private static Column countriesDiffer(String what, Column country) {
    return concat(lit(what + " "), country, lit(" ≠ number country "), col("phone_country"));
  }
}
