package io.flashguard.simulator;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.flashguard.simulator.TrafficPlan.Country;
import io.flashguard.simulator.TrafficPlan.Route;
import io.flashguard.simulator.TrafficPlan.RouteType;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates one verification from (seed, day, index) alone, so any Spark task can generate any
 * slice of a day and the same seed always gives the same traffic. Times are epoch milliseconds.
 */
final class VerificationGenerator implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final long SECOND = 1_000L;
  private static final long HOUR = 3_600_000L;
  /** Share of hijacks whose victim is a returning customer. */
  private static final double HIJACKED_CUSTOMER_SHARE = 0.8;
  /** The customer index of a number that is not one of the returning customers. */
  private static final int NEW_NUMBER = -1;
  private static final int CLI_COLUMN = List.of(SimulatedVerification.CDR_COLUMNS).indexOf("cli");
  /** Relative request volume per UTC hour: quiet nights, busy evenings. */
  private static final double[] HOURLY = {
      0.3, 0.2, 0.15, 0.15, 0.2, 0.35, 0.6, 0.9, 1.1, 1.2, 1.2, 1.2,
      1.2, 1.2, 1.2, 1.2, 1.3, 1.4, 1.5, 1.5, 1.3, 1.0, 0.7, 0.45};
  private static final double[] CUMULATIVE_HOURLY = cumulative(HOURLY);

  private final SimulationSettings settings;
  private final TrafficPlan plan;

  VerificationGenerator(SimulationSettings settings, TrafficPlan plan) {
    this.settings = settings;
    this.plan = plan;
  }

  /** Ordinary verifications of a day: mostly legitimate, some spoofed, some hijacked. */
  long ordinaryCount(LocalDate day) {
    boolean weekend = day.getDayOfWeek().getValue() >= 6;
    return Math.round(settings.verificationsPerDay() * (weekend ? settings.weekendFactor() : 1.0));
  }

  long burstMemberCount() {
    return (long) settings.burstsPerDay() * settings.burstSize();
  }

  SimulatedVerification ordinary(LocalDate day, long index) {
    SplittableRandom random = random(day, index, 1);
    Country country = plan.countries().get(random.nextInt(plan.countries().size()));
    String app = TrafficPlan.APPS.get(random.nextInt(TrafficPlan.APPS.size()));
    double scenario = random.nextDouble();
    boolean spoofed = scenario < settings.spoofedShare();
    boolean hijacked = !spoofed && scenario < settings.spoofedShare() + settings.hijackShare();
    // hijackers go after existing accounts: numbers that verified before, from their own handset
    double returning = hijacked ? HIJACKED_CUSTOMER_SHARE : settings.returningShare();
    int customer = random.nextDouble() < returning ? random.nextInt(customersPerCountry()) : NEW_NUMBER;
    String phone = customer != NEW_NUMBER ? customer(country, customer)
        : country.mobileNumber(random);
    long requested = dayStart(day) + hourOfDay(random) * HOUR + random.nextLong(HOUR);
    String id = String.format(Locale.ROOT, "v-%s-%d", compact(day), index);
    Trace trace = new Trace(id, app, phone, random);

    if (spoofed) {
      spoofed(trace, country, requested, day, index);
      return trace.finish(SimulatedVerification.SPOOFED_CLI);
    }
    if (hijacked) {
      hijacked(trace, country, requested);
      return trace.finish(SimulatedVerification.FORWARDING_HIJACK);
    }
    legitimate(trace, country, requested, day, customer);
    return trace.finish(SimulatedVerification.LEGIT);
  }

  /**
   * A CLI we dialed to another number that day, for a spoofer who replays it: the first call of an
   * earlier verification of the day (regenerated: each one is a function of its day and index), or
   * null when there is none to take.
   */
  private String replayable(LocalDate day, long index, SplittableRandom random) {
    if (index == 0) {
      return null;
    }
    long earlier = Math.max(0, index - 1 - random.nextInt(200));
    List<String[]> legs = ordinary(day, earlier).legs();
    return legs.isEmpty() ? null : legs.get(0)[CLI_COLUMN];
  }

  /**
   * Customers of a country: numbers that come back to verify again (a new phone, a reinstalled
   * app), each with its own handset. The pool grows with the traffic, so a customer comes back
   * every few days at any volume.
   */
  private int customersPerCountry() {
    return (int) Math.max(100, settings.verificationsPerDay() / plan.countries().size());
  }

  private String customer(Country country, int number) {
    SplittableRandom random = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L
        + country.iso().hashCode() * 1_000_003L + number);
    return country.mobileNumber(random);
  }

  /**
   * Member {@code position} of pumping burst {@code burst}: sequential numbers of one range (or, in a
   * scattered burst, {@link AttackStyles#scatteredBurstShare()}, any of the range's 10,000), from a
   * few devices and IPs, or, in a rotating burst ({@link AttackStyles#rotatingBurstShare()}), each
   * request from a device and a domestic address of its own; a share of the requests
   * ({@link AttackStyles#burstVerifyShare()}) verified by the pumper, who reads his own range's calls.
   */
  SimulatedVerification burstMember(LocalDate day, int burst, int position) {
    SplittableRandom burstRandom = random(day, burst, 2);
    Country country = plan.countries().get(burstRandom.nextInt(plan.countries().size()));
    String app = TrafficPlan.APPS.get(burstRandom.nextInt(TrafficPlan.APPS.size()));
    String range = pick(burstRandom, country.mobileRanges());
    int firstNumber = burstRandom.nextInt(10_000);
    long start = dayStart(day) + burstRandom.nextLong(24 * HOUR - settings.burstMinutes() * 60_000L);
    int ips = 1 + burstRandom.nextInt(3);
    int devices = 1 + burstRandom.nextInt(5);
    String ipBase = burstRandom.nextBoolean() ? country.ipPrefix() : "45." + (60 + burst % 100);
    String ipCountry = ipBase.equals(country.ipPrefix()) ? country.iso() : "XX";
    Route route = cheapest(country);
    AttackStyles styles = settings.attacks();
    // drawn only when the style is on, so that a world without it is drawn as before the style existed
    boolean rotating = styles.rotatingBurstShare() > 0 && burstRandom.nextDouble() < styles.rotatingBurstShare();
    boolean scattered = styles.scatteredBurstShare() > 0 && burstRandom.nextDouble() < styles.scatteredBurstShare();

    SplittableRandom random = random(day, ((long) burst << 32) | position, 3);
    int number = scattered ? random(day, ((long) burst << 32) | position, 9).nextInt(10_000)
        : (firstNumber + position) % 10_000;
    String phone = range + String.format(Locale.ROOT, "%04d", number);
    long requested = start + position * (settings.burstMinutes() * 60_000L) / Math.max(1, settings.burstSize())
        + random.nextLong(2 * SECOND);
    String id = String.format(Locale.ROOT, "v-%s-b%d-%d", compact(day), burst, position);
    Trace trace = new Trace(id, app, phone, random);
    String device = rotating ? "dev-" + Long.toHexString(random.nextLong() & 0xFFFFFFFFFFL)
        : "pump-" + burst + "-" + random.nextInt(devices);
    String platform = rotating ? platform(random) : random.nextBoolean() ? "web" : "android";
    String ip = rotating ? ip(country, random) : ipBase + "." + random.nextInt(ips) + ".7";
    String where = rotating ? country.iso() : ipCountry.equals("XX") ? otherCountry(country, random) : ipCountry;
    trace.requested(requested, "flashcall", device, platform, ip, where);
    long placed = requested + 300 + random.nextLong(600);
    String cli = trace.callPlaced(placed, route);
    long alert = placed + pdd(route, random);
    if (styles.burstVerifyShare() > 0 && random.nextDouble() < styles.burstVerifyShare()) {
      long report = alert + 300 + random.nextLong(2 * SECOND);
      String shown = displayedCli(country, route, day, placed, cli, random);
      trace.leg(route, cli, placed, alert, null, report + 100, 487, 31, 0, null, route.costPerCall());
      trace.reported(report, shown, "intercepted", device, ip, where);
      verifyOrFail(trace, report, shown.equals(cli));
      return trace.finish(SimulatedVerification.PUMPING);
    }
    if (random.nextDouble() < 0.4) {
      long answer = alert + 1_000 + random.nextLong(3 * SECOND);
      trace.leg(route, cli, placed, alert, answer, answer + 20 * SECOND + random.nextLong(40 * SECOND), 200, 16,
          0, phone, route.costPerCall() * 12);
    } else {
      trace.leg(route, cli, placed, alert, null, alert + 4 * SECOND, 487, 31, 0, null, route.costPerCall());
    }
    trace.terminal(requested + 120 * SECOND, "EXPIRED", null);
    return trace.finish(SimulatedVerification.PUMPING);
  }

  /**
   * Member {@code position} of legitimate campaign {@code campaign}: an app's push in one country
   * that brings new users within an hour — a surge like a burst, but of honest users.
   */
  SimulatedVerification campaignMember(LocalDate day, int campaign, long position) {
    SplittableRandom campaignRandom = random(day, campaign, 7);
    Country country = plan.countries().get(campaignRandom.nextInt(plan.countries().size()));
    String app = TrafficPlan.APPS.get(campaignRandom.nextInt(TrafficPlan.APPS.size()));
    long start = dayStart(day) + (8 + campaignRandom.nextInt(12)) * HOUR + campaignRandom.nextLong(HOUR / 2);
    SplittableRandom random = random(day, ((long) campaign << 32) | position, 8);
    String phone = country.mobileNumber(random);
    String id = String.format(Locale.ROOT, "v-%s-c%d-%d", compact(day), campaign, position);
    Trace trace = new Trace(id, app, phone, random);
    legitimate(trace, country, start + random.nextLong(HOUR), day, NEW_NUMBER);
    return trace.finish(SimulatedVerification.LEGIT);
  }

  long campaignMemberCount() {
    return (long) settings.honest().campaignsPerDay() * settings.honest().campaignSize();
  }

  /** The handset a number uses on a day, and where its user is. */
  private record Handset(String device, String platform, String ip, String ipCountry) {}

  /**
   * The handset of a verification's number. Returning customers {@code 2k} and {@code 2k + 1} of a
   * country share one handset with a chance of {@link HonestVariety#dualSimShare()} (dual SIM, a
   * family phone): both their numbers verify from the device of customer {@code 2k}.
   */
  private Handset honestHandset(Trace trace, Country country, LocalDate day, int customer) {
    HonestVariety honest = settings.honest();
    SplittableRandom random = trace.random;
    boolean sharesHandset = customer != NEW_NUMBER && new SplittableRandom(settings.seed() * 0xBF58476D1CE4E5B9L
        + country.iso().hashCode() * 1_000_003L + (customer >> 1)).nextDouble() < honest.dualSimShare();
    String owner = sharesHandset ? customer(country, customer & ~1) : trace.phone;
    int generation = deviceGeneration(owner, day);
    SplittableRandom handset = new SplittableRandom(settings.seed() ^ owner.hashCode() * 0x9E3779B97F4A7C15L
        + generation * 0xBF58476D1CE4E5B9L);
    String platform = platform(handset);
    if (generation > 0 && handset.nextDouble() < honest.platformLoyalty()) {
      platform = platform(new SplittableRandom(settings.seed() ^ owner.hashCode() * 0x9E3779B97F4A7C15L));
    }
    String device = "dev-" + Long.toHexString(handset.nextLong() & 0xFFFFFFFFFFL);
    boolean abroad = random.nextDouble() < honest.roamingShare() + honest.vpnShare();
    return abroad ? new Handset(device, platform, foreignIp(random), otherCountry(country, random))
        : new Handset(device, platform, ip(country, random), country.iso());
  }

  private String platform(SplittableRandom handset) {
    return handset.nextDouble() < settings.androidShare() ? "android" : handset.nextDouble() < 0.9 ? "ios" : "web";
  }

  /**
   * How many times the owner of {@code phone} changed handset or reinstalled the app in the 60 days
   * up to {@code day}: each day is a change with {@link HonestVariety#deviceChangeRate()}.
   */
  private int deviceGeneration(String phone, LocalDate day) {
    double rate = settings.honest().deviceChangeRate();
    if (rate == 0) {
      return 0;
    }
    int generation = 0;
    for (long back = 0; back < 60; back++) {
      long mixed = settings.seed() * 0x94D049BB133111EBL + phone.hashCode() * 0x9E3779B97F4A7C15L
          + (day.toEpochDay() - back) * 0xBF58476D1CE4E5B9L;
      if (new SplittableRandom(mixed).nextDouble() < rate) {
        generation++;
      }
    }
    return generation;
  }

  private void legitimate(Trace trace, Country country, long requested, LocalDate day, int customer) {
    SplittableRandom random = trace.random;
    Handset handset = honestHandset(trace, country, day, customer);
    String method = random.nextDouble() < 0.04 ? "sms" : "flashcall";
    trace.requested(requested, method, handset.device(), handset.platform(), handset.ip(), handset.ipCountry());
    if (method.equals("sms")) {
      boolean verified = random.nextDouble() < 0.85;
      trace.terminal(requested + 20 * SECOND + random.nextLong(40 * SECOND), verified ? "VERIFIED" : "EXPIRED", null);
      return;
    }
    Route route = weightedRoute(country, random);
    long time = requested + 300 + random.nextLong(600);
    for (int call = 0; call < 2; call++) {
      String cli = trace.callPlaced(time, route);
      long next;
      if (random.nextDouble() < failRate(route, day, time)) {
        long end = time + 500 + random.nextLong(2_500);
        int sip = failureCode(random);
        trace.leg(route, cli, time, null, null, end, sip, q850For(sip), null, null, 0.0);
        next = end;
      } else if (random.nextDouble() < settings.honest().voicemailRate()) {
        Outcome outcome = voicemail(trace, country, route, cli, time, handset, day);
        if (outcome != Outcome.RETRY) {
          return;
        }
        next = trace.lastTime() + 5 * SECOND;
      } else {
        Outcome outcome = ringing(trace, country, route, cli, time, handset, day);
        if (outcome != Outcome.RETRY) {
          return;
        }
        // the platform calls again only once the user is done with the first call
        next = trace.lastTime() + 2 * SECOND;
      }
      if (call == 0 && random.nextDouble() < 0.6) {
        time = next + 1_000 + random.nextLong(2_000);
        route = anotherRoute(country, route);
        continue;
      }
      break;
    }
    giveUp(trace, requested, random);
  }

  /** How an honest call ends: verified, given up for good, or worth another call. */
  private enum Outcome { VERIFIED, GAVE_UP, RETRY }

  /** The handset rings; its user reports what it showed, by interception or by typing it. */
  private Outcome ringing(Trace trace, Country country, Route route, String cli, long placed, Handset handset,
      LocalDate day) {
    SplittableRandom random = trace.random;
    long alert = placed + pdd(route, random);
    String shown = displayedCli(country, route, day, placed, cli, random);
    boolean intact = shown.equals(cli);
    if (handset.platform().equals("android")) {
      long report = alert + reportDelay(200 + random.nextLong(2_300));
      trace.leg(route, cli, placed, alert, null, report + 100, 487, 31, 0, null, route.costPerCall());
      trace.reported(report, asLogged(shown, random), "intercepted", handset.device(), handset.ip(),
          handset.ipCountry());
      return verifyOrFail(trace, report, intact) ? Outcome.VERIFIED : Outcome.RETRY;
    }
    trace.leg(route, cli, placed, alert, null, alert + 2_000 + random.nextLong(3 * SECOND), 487, 31, 0, null,
        route.costPerCall());
    if (random.nextDouble() >= 0.8) {
      return Outcome.GAVE_UP;
    }
    return typing(trace, country, cli, shown, alert + reportDelay(8 * SECOND + random.nextLong(32 * SECOND)), handset);
  }

  /**
   * The user types what they saw, up to {@link HonestVariety#manualRetries()} times: after a typo
   * they try again, and when the route substituted the CLI some type the same number again.
   */
  private Outcome typing(Trace trace, Country country, String cli, String shown, long firstReport, Handset handset) {
    SplittableRandom random = trace.random;
    boolean intact = shown.equals(cli);
    long report = firstReport;
    for (int attempt = 0; attempt < settings.honest().manualRetries(); attempt++) {
      boolean typo = random.nextDouble() < settings.typoRate() * (attempt == 0 ? 1.0 : 1.5);
      // half the typos hit the code digits; the platform checks only those, so the others still verify
      String digits = typo ? mistyped(shown, random.nextBoolean(), country, random) : shown;
      String written = random.nextDouble() < settings.honest().codeOnlyShare() ? code(digits) : typed(digits, random);
      trace.reported(report, written, "manual", handset.device(), handset.ip(), handset.ipCountry());
      boolean codeRight = code(digits).equals(code(shown));
      if (verifyOrFail(trace, report, intact && codeRight)) {
        return Outcome.VERIFIED;
      }
      boolean again = typo ? random.nextDouble() < 0.8 : random.nextDouble() < 0.4;
      if (!again) {
        break;
      }
      report += 5 * SECOND + random.nextLong(15 * SECOND);
    }
    return Outcome.RETRY;
  }

  /**
   * The handset is off or busy and the network forwards the flash call to the operator's voicemail,
   * which answers: one diversion, a connected number shared by every subscriber of that operator.
   * A busy user may see the missed call afterwards and report it.
   */
  private Outcome voicemail(Trace trace, Country country, Route route, String cli, long placed, Handset handset,
      LocalDate day) {
    SplittableRandom random = trace.random;
    boolean busy = random.nextDouble() < 0.3;
    long alert = placed + pdd(route, random);
    long answer = alert + 400 + random.nextLong(busy ? 6 * SECOND : 1_500);
    String platform = country.voicemailNumbers().get(Math.floorMod(trace.phone.hashCode(), country.voicemailNumbers().size()));
    trace.leg(route, cli, placed, alert, answer, answer + 1_500 + random.nextLong(2 * SECOND), 200, 16, 1, platform,
        route.costPerCall() * 8);
    if (!busy || random.nextDouble() >= 0.5) {
      return Outcome.RETRY;
    }
    String shown = displayedCli(country, route, day, placed, cli, random);
    long report = answer + 5 * SECOND + random.nextLong(40 * SECOND);
    if (handset.platform().equals("android")) {
      trace.reported(report, asLogged(shown, random), "intercepted", handset.device(), handset.ip(),
          handset.ipCountry());
      return verifyOrFail(trace, report, shown.equals(cli)) ? Outcome.VERIFIED : Outcome.GAVE_UP;
    }
    return typing(trace, country, cli, shown, report, handset) == Outcome.VERIFIED ? Outcome.VERIFIED : Outcome.GAVE_UP;
  }

  private static boolean verifyOrFail(Trace trace, long report, boolean correct) {
    if (correct) {
      trace.terminal(report + 50 + trace.random.nextLong(250), "VERIFIED", null);
      return true;
    }
    trace.terminal(report + 80, "FAILED", "invalid_cli");
    return false;
  }

  /**
   * The CLI the handset shows for a call: ours, or — when the route substitutes it that day — a SIM
   * box's local number, a gateway's local line inside our own range (not on direct routes), a random
   * local mobile number, or during a gateway incident one of three fixed numbers.
   */
  private String displayedCli(Country country, Route route, LocalDate day, long time, String cli,
      SplittableRandom random) {
    for (int incident = 0; incident < settings.honest().gatewayIncidentsPerDay(); incident++) {
      SplittableRandom incidentRandom = random(day, incident, 6);
      Country hitCountry = plan.countries().get(incidentRandom.nextInt(plan.countries().size()));
      Route hit = hitCountry.routes().get(incidentRandom.nextInt(hitCountry.routes().size()));
      long start = dayStart(day) + incidentRandom.nextInt(21) * HOUR;
      long end = start + (1 + incidentRandom.nextInt(3)) * HOUR;
      if (hit.routeId().equals(route.routeId()) && time >= start && time < end) {
        return pick(random, hit.gatewayNumbers());
      }
    }
    if (random.nextDouble() >= substitutionRate(route, day)) {
      return cli;
    }
    if (route.type() == RouteType.GREY && random.nextDouble() < 0.8) {
      return pick(random, route.simCards());
    }
    double inRange = settings.honest().inRangeSubstituteShare();
    // no draw when the family is off, so that worlds made before it existed come out the same
    boolean viaGateway = inRange > 0 && route.type() != RouteType.DIRECT && random.nextDouble() < inRange;
    return viaGateway ? route.poolPrefix() + TrafficPlan.digits(random, TrafficPlan.POOL_TAIL)
        : country.mobileNumber(random);
  }

  /** A route's substitution rate on a day: its typical rate, scaled, varying from day to day. */
  private double substitutionRate(Route route, LocalDate day) {
    SplittableRandom dayRandom = random(day, route.routeId().hashCode(), 5);
    double jitter = Math.exp(0.6 * nextGaussian(dayRandom));
    return Math.min(0.9, route.substitutionRate() * settings.honest().substitutionFactor() * jitter);
  }

  /**
   * What an attacker's verification starts with: a request from their device, and the flash call.
   * Reports are intercepted on Android and typed elsewhere, unless the attacker's tool forges them.
   */
  private record Attack(String device, String platform, String ip, String ipCountry, Route route, long placed,
      String cli, boolean forgesInterception) {
    String source() {
      return platform.equals("android") || forgesInterception ? "intercepted" : "manual";
    }
  }

  private Attack attack(Trace trace, Country country, long requested, String kind, double androidShare,
      String ipBlock) {
    SplittableRandom random = trace.random;
    AttackStyles styles = settings.attacks();
    boolean domestic = random.nextDouble() < styles.domesticAttackerShare();
    String ipCountry = domestic ? country.iso() : otherCountry(country, random);
    String ip = domestic ? ip(country, random)
        : ipBlock + "." + random.nextInt(256) + "." + random.nextInt(256) + ".1";
    String device = random.nextDouble() < styles.crewDeviceShare()
        ? kind + "-crew-" + random.nextInt(8) : kind + "-" + Long.toHexString(random.nextLong() & 0xFFFFFFFFFFL);
    double u = random.nextDouble();
    String platform = u < androidShare ? "android" : u < androidShare + (1 - androidShare) / 2 ? "web" : "ios";
    trace.requested(requested, "flashcall", device, platform, ip, ipCountry);
    Route route = weightedRoute(country, random);
    long placed = requested + 300 + random.nextLong(600);
    boolean forges = kind.equals("emu") && !platform.equals("android") && styles.forgedInterceptShare() > 0
        && random.nextDouble() < styles.forgedInterceptShare();
    return new Attack(device, platform, ip, ipCountry, route, placed, trace.callPlaced(placed, route), forges);
  }

  private void spoofed(Trace trace, Country country, long requested, LocalDate day, long index) {
    SplittableRandom random = trace.random;
    Attack attack = attack(trace, country, requested, "emu", 0.6, "185");
    Route route = attack.route();
    long placed = attack.placed();
    String cli = attack.cli();
    boolean lookalike = random.nextDouble() < settings.attacks().lookalikeSpoofShare();
    // a style at share 0 draws nothing, so worlds made before it existed come out byte-identical
    String replayed = !lookalike && settings.attacks().replaySpoofShare() > 0
        && random.nextDouble() < settings.attacks().replaySpoofShare() ? replayable(day, index, random) : null;
    boolean replay = replayed != null;
    double mode = lookalike || replay ? 1.0 : random.nextDouble();
    long pdd = pdd(route, random);
    long firstReport;
    String claimed;
    int tries = 1 + random.nextInt(5);
    if (mode < 0.25) {
      firstReport = placed + 100 + random.nextLong(Math.max(1, pdd * 6 / 10));
      claimed = random.nextDouble() < 0.6 ? cli : poolGuess(route, random);
      trace.leg(route, cli, placed, placed + pdd, null, placed + pdd + 3 * SECOND, 487, 31, 0, null, route.costPerCall());
    } else if (mode < 0.45) {
      int sip = failureCode(random);
      long end = placed + 500 + random.nextLong(2_500);
      trace.leg(route, cli, placed, null, null, end, sip, q850For(sip), null, null, 0.0);
      firstReport = end + reportDelay(500 + random.nextLong(3 * SECOND));
      claimed = random.nextDouble() < 0.6 ? cli : poolGuess(route, random);
    } else {
      trace.leg(route, cli, placed, placed + pdd, null, placed + pdd + 4 * SECOND, 487, 31, 0, null, route.costPerCall());
      firstReport = placed + pdd + reportDelay(500 + random.nextLong(attack.platform().equals("android")
          ? 3 * SECOND : 20 * SECOND));
      if (lookalike) {
        // what a SIM box would have shown: a local mobile number, once or twice
        claimed = country.mobileNumber(random);
        tries = 1 + random.nextInt(2);
      } else if (replay) {
        // a CLI that reached someone else's handset (a shared feed of intercepted calls)
        claimed = replayed;
        tries = 1 + random.nextInt(2);
      } else if (mode < 0.7) {
        Route other = plan.countries().get(random.nextInt(plan.countries().size())).routes().get(random.nextInt(3));
        claimed = other.poolPrefix() + TrafficPlan.digits(random, TrafficPlan.POOL_TAIL);
      } else {
        Country elsewhere = plan.countries().get(random.nextInt(plan.countries().size()));
        claimed = elsewhere.mobileNumber(random);
      }
    }
    long time = firstReport;
    for (int attempt = 0; attempt < tries; attempt++) {
      String reported = attempt == 0 ? claimed : poolGuess(route, random);
      String written = attack.source().equals("manual") ? typed(reported, random) : reported;
      trace.reported(time, written, attack.source(), attack.device(), attack.ip(), attack.ipCountry());
      if (reported.equals(cli)) {
        trace.terminal(time + 100, "VERIFIED", null);
        return;
      }
      trace.terminal(time + 80, "FAILED", "invalid_cli");
      time += 1_000 + random.nextLong(3 * SECOND);
    }
    trace.terminal(requested + 120 * SECOND, "EXPIRED", null);
  }

  /**
   * The victim's calls are forwarded to the attacker, whose device reports the CLI. Loud hijacks
   * show the diversion (and, when the attacker's phone answers, its number); silent ones show nothing.
   */
  private void hijacked(Trace trace, Country country, long requested) {
    SplittableRandom random = trace.random;
    Attack attack = attack(trace, country, requested, "hj", 0.75, "91");
    Route route = attack.route();
    long placed = attack.placed();
    String cli = attack.cli();
    boolean silent = random.nextDouble() < settings.attacks().silentHijackShare();
    long alert = placed + pdd(route, random) + 500 + random.nextLong(1_500);
    int diversions = silent ? 0 : 1 + random.nextInt(2);
    Country attacker = plan.countries().get(random.nextInt(plan.countries().size()));
    String forwardedTo = attacker.mobileNumber(random);
    long report = alert + reportDelay(500 + random.nextLong(attack.platform().equals("android") ? 2 * SECOND : 15 * SECOND));
    if (random.nextDouble() < (silent ? 0.1 : 0.4)) {
      long answer = alert + 300 + random.nextLong(SECOND);
      trace.leg(route, cli, placed, alert, answer, Math.max(answer, report) + 2 * SECOND, 200, 16, diversions,
          silent ? null : forwardedTo, route.costPerCall() * 10);
    } else {
      trace.leg(route, cli, placed, alert, null, report + 200, 487, 31, diversions, null, route.costPerCall());
    }
    String written = attack.source().equals("manual") ? typed(cli, random) : cli;
    trace.reported(report, written, attack.source(), attack.device(), attack.ip(), attack.ipCountry());
    trace.terminal(report + 100, "VERIFIED", null);
  }

  /** A handset's or attacker's delay before reporting, scaled by the report delay setting. */
  private long reportDelay(long millis) {
    return Math.round(millis * settings.reportDelayFactor());
  }

  private void giveUp(Trace trace, long requested, SplittableRandom random) {
    if (random.nextDouble() < 0.4) {
      trace.terminal(requested + 60 * SECOND + random.nextLong(30 * SECOND), "FALLBACK_SMS", null);
    } else {
      trace.terminal(requested + 120 * SECOND, "EXPIRED", null);
    }
  }

  private double failRate(Route route, LocalDate day, long time) {
    for (int incident = 0; incident < settings.incidentsPerDay(); incident++) {
      SplittableRandom random = random(day, incident, 4);
      Country country = plan.countries().get(random.nextInt(plan.countries().size()));
      Route hit = country.routes().get(1 + random.nextInt(2));
      long start = dayStart(day) + (6 + random.nextInt(12)) * HOUR;
      long end = start + (2 + random.nextInt(3)) * HOUR;
      if (hit.routeId().equals(route.routeId()) && time >= start && time < end) {
        return 0.6;
      }
    }
    return route.failRate();
  }

  /**
   * An E.164 number with one typo: a wrong code digit when {@code inCode}, else, in the digits
   * between the country code and the code, a digit changed, left out, or two neighbours swapped (in
   * the code after all when fewer than two digits lie between them).
   */
  private static String mistyped(String number, boolean inCode, Country country, SplittableRandom random) {
    int codeStart = number.length() - TrafficPlan.CODE_LENGTH;
    int first = 1 + String.valueOf(PhoneNumberUtil.getInstance().getCountryCodeForRegion(country.iso())).length();
    int position = inCode || codeStart - first < 2
        ? codeStart + random.nextInt(TrafficPlan.CODE_LENGTH)
        : first + random.nextInt(codeStart - first);
    int kind = inCode ? 0 : random.nextInt(3);
    char digit = number.charAt(position);
    if (kind == 1) {
      return number.substring(0, position) + number.substring(position + 1);
    }
    if (kind == 2 && position + 1 < codeStart && number.charAt(position + 1) != digit) {
      return number.substring(0, position) + number.charAt(position + 1) + digit + number.substring(position + 2);
    }
    char wrong = (char) ('0' + (digit - '0' + 1 + random.nextInt(9)) % 10);
    return number.substring(0, position) + wrong + number.substring(position + 1);
  }

  /** The code: a number's last {@link TrafficPlan#CODE_LENGTH} digits. */
  private static String code(String number) {
    return number.substring(number.length() - TrafficPlan.CODE_LENGTH);
  }

  /**
   * A number as a user types it, in any of the forms people use (E.164, 00-prefixed, international
   * or national format with spaces, or with dashes).
   */
  private static String typed(String number, SplittableRandom random) {
    return switch (random.nextInt(5)) {
      case 0 -> number;
      case 1 -> "00" + number.substring(1);
      case 2 -> formatted(number, PhoneNumberFormat.INTERNATIONAL);
      case 3 -> formatted(number, PhoneNumberFormat.NATIONAL);
      default -> formatted(number, PhoneNumberFormat.NATIONAL).replace(' ', '-');
    };
  }

  /** A number as a handset's call log holds it: E.164, or in national format for a local number. */
  private static String asLogged(String number, SplittableRandom random) {
    return random.nextDouble() < 0.3 ? formatted(number, PhoneNumberFormat.NATIONAL) : number;
  }

  private static String formatted(String e164, PhoneNumberFormat format) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      return util.format(util.parse(e164, "ZZ"), format);
    } catch (NumberParseException e) {
      return e164;
    }
  }

  private static String poolGuess(Route route, SplittableRandom random) {
    return route.poolPrefix() + TrafficPlan.digits(random, TrafficPlan.POOL_TAIL);
  }

  private static Route weightedRoute(Country country, SplittableRandom random) {
    double u = random.nextDouble();
    return country.routes().get(u < 0.5 ? 0 : u < 0.85 ? 1 : 2);
  }

  private static Route anotherRoute(Country country, Route current) {
    return current.type() == RouteType.DIRECT ? country.routes().get(1) : country.routes().get(0);
  }

  private static Route cheapest(Country country) {
    return country.routes().get(2);
  }

  private static long pdd(Route route, SplittableRandom random) {
    double gaussian = nextGaussian(random);
    return Math.max(200, Math.round(route.pddMedianMs() * Math.exp(0.35 * gaussian)));
  }

  private static double nextGaussian(SplittableRandom random) {
    double u1 = Math.max(1e-12, random.nextDouble());
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static int failureCode(SplittableRandom random) {
    double u = random.nextDouble();
    return u < 0.2 ? 404 : u < 0.7 ? 480 : 503;
  }

  private static Integer q850For(int sip) {
    return switch (sip) {
      case 404 -> 1;
      case 480 -> 18;
      case 503 -> 34;
      default -> null;
    };
  }

  private String otherCountry(Country country, SplittableRandom random) {
    String[] elsewhere = {"US", "RU", "NL", "VN", "CN", "UA", "RO"};
    String pick = elsewhere[random.nextInt(elsewhere.length)];
    return pick.equals(country.iso()) ? "SG" : pick;
  }

  /** An address outside every simulated country's block: a roaming network or a VPN exit. */
  private static String foreignIp(SplittableRandom random) {
    return "203." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  private static String ip(Country country, SplittableRandom random) {
    return country.ipPrefix() + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  private static int hourOfDay(SplittableRandom random) {
    double u = random.nextDouble() * CUMULATIVE_HOURLY[23];
    for (int hour = 0; hour < 24; hour++) {
      if (u < CUMULATIVE_HOURLY[hour]) {
        return hour;
      }
    }
    return 23;
  }

  private static double[] cumulative(double[] weights) {
    double[] sums = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      sums[i] = sum;
    }
    return sums;
  }

  private SplittableRandom random(LocalDate day, long index, int stream) {
    long mixed = settings.seed() * 0x9E3779B97F4A7C15L + day.toEpochDay() * 0xBF58476D1CE4E5B9L
        + index * 0x94D049BB133111EBL + stream;
    return new SplittableRandom(mixed);
  }

  private static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static long dayStart(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private static String compact(LocalDate day) {
    return day.toString().replace("-", "");
  }

  static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  /** Accumulates one verification's lines in the input formats (docs/input-formats.md). */
  private final class Trace {
    private final String id;
    private final String app;
    private final String phone;
    private final SplittableRandom random;
    private final List<String[]> events = new ArrayList<>();
    private final List<String[]> legs = new ArrayList<>();
    private int calls;
    private long lastTime = Long.MIN_VALUE;

    Trace(String id, String app, String phone, SplittableRandom random) {
      this.id = id;
      this.app = app;
      this.phone = phone;
      this.random = random;
    }

    void requested(long time, String method, String device, String platform, String ip, String ipCountry) {
      String[] event = event(time, "REQUESTED");
      event[6] = method;
      event[13] = device;
      event[14] = platform;
      event[15] = ip;
      event[16] = ipCountry;
    }

    /** Logs a CALL_PLACED and returns the CLI dialed, whose last digits are the code. */
    String callPlaced(long time, Route route) {
      calls++;
      String cli = route.poolPrefix() + TrafficPlan.digits(random, TrafficPlan.POOL_TAIL);
      String[] event = event(time, "CALL_PLACED");
      event[7] = route.routeId();
      event[8] = callId();
      event[9] = cli;
      event[10] = Integer.toString(TrafficPlan.CODE_LENGTH);
      return cli;
    }

    void leg(Route route, String cli, long start, Long alert, Long answer, long end, int sip, Integer q850,
        Integer diversions, String connected, double cost) {
      String[] leg = new String[SimulatedVerification.CDR_COLUMNS.length];
      leg[0] = callId();
      leg[1] = random.nextDouble() < 0.85 ? id : null;
      leg[2] = route.routeId();
      leg[3] = cli;
      leg[4] = phone;
      leg[5] = time(start);
      leg[6] = alert == null ? null : time(alert);
      leg[7] = answer == null ? null : time(answer);
      leg[8] = time(Math.max(end, answer == null ? end : answer));
      lastTime = Math.max(lastTime, Math.max(end, answer == null ? end : answer));
      leg[9] = Integer.toString(sip);
      leg[10] = q850 == null ? null : Integer.toString(q850);
      leg[11] = diversions == null ? null : Integer.toString(diversions);
      leg[12] = connected;
      leg[13] = "B";
      leg[14] = String.format(Locale.ROOT, "%.6f", cost);
      legs.add(leg);
    }

    void reported(long time, String cli, String source, String device, String ip, String ipCountry) {
      String[] event = event(time, "CLI_REPORTED");
      event[11] = cli;
      event[12] = source;
      event[13] = device;
      event[15] = ip;
      event[16] = ipCountry;
    }

    void terminal(long time, String type, String failureReason) {
      String[] event = event(time, type);
      event[17] = failureReason;
    }

    private String callId() {
      return id + "-c" + calls;
    }

    /** The time of the latest event or leg end logged so far. */
    long lastTime() {
      return lastTime;
    }

    private String[] event(long time, String type) {
      lastTime = Math.max(lastTime, time);
      String[] event = new String[SimulatedVerification.EVENT_COLUMNS.length];
      event[0] = id + "-e" + events.size();
      event[1] = time(time);
      event[2] = id;
      event[3] = type;
      event[4] = app;
      event[5] = phone;
      events.add(event);
      return event;
    }

    SimulatedVerification finish(String label) {
      List<String[]> logged = new ArrayList<>(events.size() + 1);
      for (String[] event : events) {
        logged.add(event);
        if (random.nextDouble() < settings.duplicateRate()) {
          logged.add(event.clone());
        }
      }
      for (int i = logged.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        String[] swap = logged.get(i);
        logged.set(i, logged.get(j));
        logged.set(j, swap);
      }
      return new SimulatedVerification(id, label, logged, legs);
    }
  }
}
