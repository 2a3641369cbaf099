package io.flashguard.jobs.cli;

import io.flashguard.simulator.AttackStyles;
import io.flashguard.simulator.HonestVariety;
import io.flashguard.simulator.SimulationSettings;
import io.flashguard.simulator.TrafficSimulator;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard simulate}: synthetic inputs with ground-truth labels. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Write synthetic CDRs, verification events, reference data and labels (docs/simulator.md).")
final class SimulateCommand implements Callable<Integer> {
  private static final SimulationSettings DEFAULTS = SimulationSettings.DEFAULTS;

  @Mixin
  CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  String out;

  @Option(names = "--start-date", paramLabel = "YYYY-MM-DD",
      description = "First day (default: ${DEFAULT-VALUE}, a Monday).")
  LocalDate startDate = DEFAULTS.startDate();

  @Option(names = "--days", description = "Days to simulate (default: ${DEFAULT-VALUE}).")
  int days = DEFAULTS.days();

  @Option(names = "--verifications-per-day",
      description = "Ordinary verifications per weekday (default: ${DEFAULT-VALUE}).")
  long perDay = DEFAULTS.verificationsPerDay();

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.seed();

  @Option(names = "--countries", split = ",", paramLabel = "ISO",
      description = "Destination countries (default: GB,DE,BR,ID,IN,NG).")
  List<String> countries = DEFAULTS.countries();

  @Option(names = "--spoofed-share", description = "Share of spoofed CLI reports (default: ${DEFAULT-VALUE}).")
  double spoofedShare = DEFAULTS.spoofedShare();

  @Option(names = "--hijack-share", description = "Share of forwarding hijacks (default: ${DEFAULT-VALUE}).")
  double hijackShare = DEFAULTS.hijackShare();

  @Option(names = "--bursts-per-day", description = "Pumping bursts per day (default: ${DEFAULT-VALUE}).")
  int burstsPerDay = DEFAULTS.burstsPerDay();

  @Option(names = "--burst-size", description = "Verifications per burst (default: ${DEFAULT-VALUE}).")
  int burstSize = DEFAULTS.burstSize();

  @Option(names = "--burst-minutes", description = "Length of a burst (default: ${DEFAULT-VALUE}).")
  int burstMinutes = DEFAULTS.burstMinutes();

  @Option(names = "--incidents-per-day", description = "Route incidents per day (default: ${DEFAULT-VALUE}).")
  int incidentsPerDay = DEFAULTS.incidentsPerDay();

  @Option(names = "--android-share", description = "Share of intercepting handsets (default: ${DEFAULT-VALUE}).")
  double androidShare = DEFAULTS.androidShare();

  @Option(names = "--weekend-factor", description = "Weekend volume relative to weekdays (default: ${DEFAULT-VALUE}).")
  double weekendFactor = DEFAULTS.weekendFactor();

  @Option(names = "--typo-rate", description = "Chance a typed number has one typo, half of them in the code digits (default: ${DEFAULT-VALUE}).")
  double typoRate = DEFAULTS.typoRate();

  @Option(names = "--duplicate-rate", description = "Chance an event is logged twice (default: ${DEFAULT-VALUE}).")
  double duplicateRate = DEFAULTS.duplicateRate();

  @Option(names = "--report-delay-factor",
      description = "Scales how long handsets and attackers take to report a CLI (default: ${DEFAULT-VALUE}).")
  double reportDelayFactor = DEFAULTS.reportDelayFactor();

  @Option(names = "--returning-share",
      description = "Share of verifications by returning customers (default: ${DEFAULT-VALUE}).")
  double returningShare = DEFAULTS.returningShare();

  @Option(names = "--substitution-factor", paramLabel = "X",
      description = "Scales how often routes replace our CLI (SIM boxes, grey routes); 0 keeps CLIs intact "
          + "(default: ${DEFAULT-VALUE}).")
  double substitutionFactor = HonestVariety.DEFAULTS.substitutionFactor();

  @Option(names = "--sim-box-sims", paramLabel = "N",
      description = "Local numbers a grey route's SIM box shows instead of our CLI (default: ${DEFAULT-VALUE}).")
  int simBoxSims = HonestVariety.DEFAULTS.simBoxSims();

  @Option(names = "--in-range-substitute-share", paramLabel = "SHARE",
      description = "Substitutes on aggregator and grey routes (other than a SIM box's) that are a local line "
          + "inside our own CLI range, a gateway's own number (default: ${DEFAULT-VALUE}).")
  double inRangeSubstituteShare = HonestVariety.DEFAULTS.inRangeSubstituteShare();

  @Option(names = "--gateway-incidents-per-day", paramLabel = "N",
      description = "Incidents in which a route shows one of three fixed numbers on every call (default: ${DEFAULT-VALUE}).")
  int gatewayIncidents = HonestVariety.DEFAULTS.gatewayIncidentsPerDay();

  @Option(names = "--voicemail-rate", paramLabel = "SHARE",
      description = "Honest flash calls forwarded to voicemail (default: ${DEFAULT-VALUE}).")
  double voicemailRate = HonestVariety.DEFAULTS.voicemailRate();

  @Option(names = "--roaming-share", paramLabel = "SHARE", description = "Honest users abroad (default: ${DEFAULT-VALUE}).")
  double roamingShare = HonestVariety.DEFAULTS.roamingShare();

  @Option(names = "--vpn-share", paramLabel = "SHARE",
      description = "Honest users behind a VPN exiting abroad (default: ${DEFAULT-VALUE}).")
  double vpnShare = HonestVariety.DEFAULTS.vpnShare();

  @Option(names = "--dual-sim-share", paramLabel = "SHARE",
      description = "Honest verifications from a handset that also verified another number (default: ${DEFAULT-VALUE}).")
  double dualSimShare = HonestVariety.DEFAULTS.dualSimShare();

  @Option(names = "--device-change-rate", paramLabel = "RATE",
      description = "Daily chance a customer has a new handset or reinstalled the app (default: ${DEFAULT-VALUE}).")
  double deviceChangeRate = HonestVariety.DEFAULTS.deviceChangeRate();

  @Option(names = "--platform-loyalty", paramLabel = "SHARE",
      description = "Chance a customer's new handset keeps the platform of their first (default: ${DEFAULT-VALUE}).")
  double platformLoyalty = HonestVariety.DEFAULTS.platformLoyalty();

  @Option(names = "--campaigns-per-day", paramLabel = "N",
      description = "Legitimate surges: an app's campaign in one country (default: ${DEFAULT-VALUE}).")
  int campaignsPerDay = HonestVariety.DEFAULTS.campaignsPerDay();

  @Option(names = "--campaign-size", paramLabel = "N", description = "Verifications per campaign (default: ${DEFAULT-VALUE}).")
  int campaignSize = HonestVariety.DEFAULTS.campaignSize();

  @Option(names = "--manual-retries", paramLabel = "N",
      description = "Most tries an honest user types before giving up (default: ${DEFAULT-VALUE}).")
  int manualRetries = HonestVariety.DEFAULTS.manualRetries();

  @Option(names = "--code-only-share", paramLabel = "SHARE",
      description = "Share of typed reports that give the code's digits alone, read off the screen "
          + "(default: ${DEFAULT-VALUE}).")
  double codeOnlyShare = HonestVariety.DEFAULTS.codeOnlyShare();

  @Option(names = "--wholesale-route",
      description = "One wholesale route serves every country, substituting CLIs towards some and not others "
          + "(default: off: every route serves one country).")
  boolean wholesaleRoute = HonestVariety.DEFAULTS.wholesaleRoute();

  @Option(names = "--silent-hijack-share", paramLabel = "SHARE",
      description = "Hijacks whose CDR shows no diversion (default: ${DEFAULT-VALUE}).")
  double silentHijackShare = AttackStyles.DEFAULTS.silentHijackShare();

  @Option(names = "--domestic-attacker-share", paramLabel = "SHARE",
      description = "Attackers with an IP in the number's country (default: ${DEFAULT-VALUE}).")
  double domesticAttackerShare = AttackStyles.DEFAULTS.domesticAttackerShare();

  @Option(names = "--crew-device-share", paramLabel = "SHARE",
      description = "Attacks from a crew's few shared devices (default: ${DEFAULT-VALUE}).")
  double crewDeviceShare = AttackStyles.DEFAULTS.crewDeviceShare();

  @Option(names = "--lookalike-spoof-share", paramLabel = "SHARE",
      description = "Spoofed reports of a local mobile number, as a SIM box would show (default: ${DEFAULT-VALUE}).")
  double lookalikeSpoofShare = AttackStyles.DEFAULTS.lookalikeSpoofShare();

  @Option(names = "--replay-spoof-share", paramLabel = "SHARE",
      description = "Of the other spoofed reports after the call alerted, those replaying a CLI dialed to another "
          + "number that day (default: ${DEFAULT-VALUE}).")
  double replaySpoofShare = AttackStyles.DEFAULTS.replaySpoofShare();

  @Option(names = "--forged-intercept-share", paramLabel = "SHARE",
      description = "Spoofers on iOS or web whose tool posts reports as intercepted (default: ${DEFAULT-VALUE}).")
  double forgedInterceptShare = AttackStyles.DEFAULTS.forgedInterceptShare();

  @Option(names = "--rotating-burst-share", paramLabel = "SHARE",
      description = "Pumping bursts whose every request has its own device and a domestic IP "
          + "(default: ${DEFAULT-VALUE}).")
  double rotatingBurstShare = AttackStyles.DEFAULTS.rotatingBurstShare();

  @Option(names = "--scattered-burst-share", paramLabel = "SHARE",
      description = "Pumping bursts whose numbers lie anywhere in their range instead of following each other "
          + "(default: ${DEFAULT-VALUE}).")
  double scatteredBurstShare = AttackStyles.DEFAULTS.scatteredBurstShare();

  @Option(names = "--burst-verify-share", paramLabel = "SHARE",
      description = "Share of a burst's requests the pumper verifies, reading the CLIs on his own range "
          + "(default: ${DEFAULT-VALUE}).")
  double burstVerifyShare = AttackStyles.DEFAULTS.burstVerifyShare();

  @Option(names = "--partitions", description = "Files per day and input kind (default: ${DEFAULT-VALUE}).")
  int partitions = DEFAULTS.partitions();

  @Override
  public Integer call() {
    SimulationSettings settings = SimulationSettings.builder().days(startDate, days, perDay).seed(seed)
        .countries(countries).attackShares(spoofedShare, hijackShare).bursts(burstsPerDay, burstSize, burstMinutes)
        .incidentsPerDay(incidentsPerDay).androidShare(androidShare).weekendFactor(weekendFactor).typoRate(typoRate)
        .duplicateRate(duplicateRate).reportDelayFactor(reportDelayFactor).returningShare(returningShare)
        .partitions(partitions)
        .honest(HonestVariety.builder().substitutionFactor(substitutionFactor).simBoxSims(simBoxSims)
            .inRangeSubstituteShare(inRangeSubstituteShare).gatewayIncidentsPerDay(gatewayIncidents)
            .voicemailRate(voicemailRate).roamingShare(roamingShare).vpnShare(vpnShare).dualSimShare(dualSimShare)
            .deviceChangeRate(deviceChangeRate).platformLoyalty(platformLoyalty).campaignsPerDay(campaignsPerDay)
            .campaignSize(campaignSize).manualRetries(manualRetries).codeOnlyShare(codeOnlyShare)
            .wholesaleRoute(wholesaleRoute).build())
        .attacks(AttackStyles.builder().silentHijackShare(silentHijackShare)
            .domesticAttackerShare(domesticAttackerShare).crewDeviceShare(crewDeviceShare)
            .lookalikeSpoofShare(lookalikeSpoofShare).replaySpoofShare(replaySpoofShare)
            .forgedInterceptShare(forgedInterceptShare).rotatingBurstShare(rotatingBurstShare)
            .scatteredBurstShare(scatteredBurstShare).burstVerifyShare(burstVerifyShare).build())
        .build();
    SparkSession spark = common.session("simulate");
    long started = System.nanoTime();
    long verifications = new TrafficSimulator(spark, settings).run(out);
    System.out.printf("simulated %,d verifications over %d day(s) into %s in %.1f s%n",
        verifications, days, out, (System.nanoTime() - started) / 1e9);
    return 0;
  }
}
