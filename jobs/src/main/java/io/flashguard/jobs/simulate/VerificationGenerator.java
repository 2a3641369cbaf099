package io.flashguard.jobs.simulate;

import io.flashguard.jobs.simulate.TrafficPlan.Country;
import io.flashguard.jobs.simulate.TrafficPlan.Route;
import io.flashguard.jobs.simulate.TrafficPlan.RouteType;
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
    String phone = random.nextDouble() < returning ? customer(country, random.nextInt(customersPerCountry()))
        : pick(random, country.mobileRanges()) + TrafficPlan.digits(random, TrafficPlan.RANGE_TAIL);
    long requested = dayStart(day) + hourOfDay(random) * HOUR + random.nextLong(HOUR);
    String id = String.format(Locale.ROOT, "v-%s-%d", compact(day), index);
    Trace trace = new Trace(id, app, phone, random);

    if (spoofed) {
      spoofed(trace, country, requested);
      return trace.finish(SimulatedVerification.SPOOFED_CLI);
    }
    if (hijacked) {
      hijacked(trace, country, requested);
      return trace.finish(SimulatedVerification.FORWARDING_HIJACK);
    }
    legitimate(trace, country, requested, day);
    return trace.finish(SimulatedVerification.LEGIT);
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
    return pick(random, country.mobileRanges()) + TrafficPlan.digits(random, TrafficPlan.RANGE_TAIL);
  }

  /** Member {@code position} of pumping burst {@code burst}: sequential numbers of one range. */
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

    SplittableRandom random = random(day, ((long) burst << 32) | position, 3);
    String phone = range + String.format(Locale.ROOT, "%04d", (firstNumber + position) % 10_000);
    long requested = start + position * (settings.burstMinutes() * 60_000L) / Math.max(1, settings.burstSize())
        + random.nextLong(2 * SECOND);
    String id = String.format(Locale.ROOT, "v-%s-b%d-%d", compact(day), burst, position);
    Trace trace = new Trace(id, app, phone, random);
    trace.requested(requested, "flashcall", "pump-" + burst + "-" + random.nextInt(devices),
        random.nextBoolean() ? "web" : "android",
        ipBase + "." + random.nextInt(ips) + ".7", ipCountry.equals("XX") ? otherCountry(country, random) : ipCountry);
    long placed = requested + 300 + random.nextLong(600);
    String cli = trace.callPlaced(placed, route);
    long alert = placed + pdd(route, random);
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

  private void legitimate(Trace trace, Country country, long requested, LocalDate day) {
    SplittableRandom random = trace.random;
    SplittableRandom handset = new SplittableRandom(settings.seed() ^ trace.phone.hashCode() * 0x9E3779B97F4A7C15L);
    String platform = handset.nextDouble() < settings.androidShare() ? "android"
        : handset.nextDouble() < 0.9 ? "ios" : "web";
    String device = "dev-" + Long.toHexString(handset.nextLong() & 0xFFFFFFFFFFL);
    boolean roaming = random.nextDouble() < 0.03;
    String ipCountry = roaming ? otherCountry(country, random) : country.iso();
    String method = random.nextDouble() < 0.04 ? "sms" : "flashcall";
    trace.requested(requested, method, device, platform, ip(country, random), ipCountry);
    if (method.equals("sms")) {
      boolean verified = random.nextDouble() < 0.85;
      trace.terminal(requested + 20 * SECOND + random.nextLong(40 * SECOND), verified ? "VERIFIED" : "EXPIRED", null);
      return;
    }
    Route route = weightedRoute(country, random);
    long time = requested + 300 + random.nextLong(600);
    for (int call = 0; call < 2; call++) {
      String cli = trace.callPlaced(time, route);
      if (random.nextDouble() < failRate(route, day, time)) {
        long end = time + 500 + random.nextLong(2_500);
        int sip = failureCode(random);
        trace.leg(route, cli, time, null, null, end, sip, q850For(sip), null, null, 0.0);
        if (random.nextDouble() < 0.6 && call == 0) {
          time = end + 1_000 + random.nextLong(2_000);
          route = anotherRoute(country, route);
          continue;
        }
        giveUp(trace, requested, random);
        return;
      }
      long alert = time + pdd(route, random);
      boolean intact = random.nextDouble() < route.cliIntactRate();
      String shown = intact ? cli : route.poolPrefix().substring(0, route.poolPrefix().length() - 2)
          + TrafficPlan.digits(random, TrafficPlan.POOL_TAIL + 2);
      long report;
      boolean typo = false;
      if (platform.equals("android")) {
        report = alert + reportDelay(200 + random.nextLong(2_300));
        trace.reported(report, shown, "intercepted", device, ip(country, random), ipCountry);
      } else if (random.nextDouble() < 0.8) {
        report = alert + reportDelay(8 * SECOND + random.nextLong(32 * SECOND));
        typo = random.nextDouble() < settings.typoRate();
        trace.reported(report, typed(shown, typo, random), "manual", device, ip(country, random), ipCountry);
      } else {
        trace.leg(route, cli, time, alert, null, alert + 25 * SECOND, 487, 31, 0, null, route.costPerCall());
        giveUp(trace, requested, random);
        return;
      }
      trace.leg(route, cli, time, alert, null, report + 100, 487, 31, 0, null, route.costPerCall());
      if (intact && !typo) {
        trace.terminal(report + 50 + random.nextLong(250), "VERIFIED", null);
        return;
      }
      trace.terminal(report + 80, "FAILED", "invalid_cli");
      if (typo && random.nextDouble() < 0.7) {
        long retype = report + 5 * SECOND + random.nextLong(10 * SECOND);
        trace.reported(retype, cli, "manual", device, ip(country, random), ipCountry);
        trace.terminal(retype + 100, "VERIFIED", null);
        return;
      }
      if (call == 0 && random.nextDouble() < 0.6) {
        time = report + 2 * SECOND;
        route = anotherRoute(country, route);
        continue;
      }
      giveUp(trace, requested, random);
      return;
    }
  }

  /** What an attacker's verification starts with: a request from a new device, and the flash call. */
  private record Attack(String device, String ip, String ipCountry, Route route, long placed, String cli) {}

  private Attack attack(Trace trace, Country country, long requested, String device, double foreignShare,
      String ipBlock) {
    SplittableRandom random = trace.random;
    String ipCountry = random.nextDouble() < foreignShare ? otherCountry(country, random) : country.iso();
    String ip = ipBlock + "." + random.nextInt(256) + "." + random.nextInt(256) + ".1";
    trace.requested(requested, "flashcall", device, "android", ip, ipCountry);
    Route route = weightedRoute(country, random);
    long placed = requested + 300 + random.nextLong(600);
    return new Attack(device, ip, ipCountry, route, placed, trace.callPlaced(placed, route));
  }

  private void spoofed(Trace trace, Country country, long requested) {
    SplittableRandom random = trace.random;
    Attack attack = attack(trace, country, requested,
        "emu-" + Long.toHexString(random.nextLong() & 0xFFFFFFFFL), 0.8, "185");
    String device = attack.device();
    String ip = attack.ip();
    String ipCountry = attack.ipCountry();
    Route route = attack.route();
    long placed = attack.placed();
    String cli = attack.cli();
    double mode = random.nextDouble();
    long pdd = pdd(route, random);
    long firstReport;
    String claimed;
    if (mode < 0.3) {
      firstReport = placed + 100 + random.nextLong(Math.max(1, pdd * 6 / 10));
      claimed = random.nextDouble() < 0.6 ? cli : poolGuess(route, random);
      trace.leg(route, cli, placed, placed + pdd, null, placed + pdd + 3 * SECOND, 487, 31, 0, null, route.costPerCall());
    } else if (mode < 0.55) {
      int sip = failureCode(random);
      long end = placed + 500 + random.nextLong(2_500);
      trace.leg(route, cli, placed, null, null, end, sip, q850For(sip), null, null, 0.0);
      firstReport = end + reportDelay(500 + random.nextLong(3 * SECOND));
      claimed = random.nextDouble() < 0.6 ? cli : poolGuess(route, random);
    } else if (mode < 0.8) {
      trace.leg(route, cli, placed, placed + pdd, null, placed + pdd + 4 * SECOND, 487, 31, 0, null, route.costPerCall());
      firstReport = placed + pdd + reportDelay(500 + random.nextLong(3 * SECOND));
      Route other = plan.countries().get(random.nextInt(plan.countries().size())).routes().get(random.nextInt(3));
      claimed = other.poolPrefix() + TrafficPlan.digits(random, TrafficPlan.POOL_TAIL);
    } else {
      trace.leg(route, cli, placed, placed + pdd, null, placed + pdd + 4 * SECOND, 487, 31, 0, null, route.costPerCall());
      firstReport = placed + pdd + reportDelay(500 + random.nextLong(3 * SECOND));
      Country elsewhere = plan.countries().get(random.nextInt(plan.countries().size()));
      claimed = pick(random, elsewhere.mobileRanges()) + TrafficPlan.digits(random, TrafficPlan.RANGE_TAIL);
    }
    int tries = 1 + random.nextInt(5);
    long time = firstReport;
    for (int attempt = 0; attempt < tries; attempt++) {
      String reported = attempt == 0 ? claimed : poolGuess(route, random);
      trace.reported(time, reported, "intercepted", device, ip, ipCountry);
      if (reported.equals(cli)) {
        trace.terminal(time + 100, "VERIFIED", null);
        return;
      }
      trace.terminal(time + 80, "FAILED", "invalid_cli");
      time += 1_000 + random.nextLong(3 * SECOND);
    }
    trace.terminal(requested + 120 * SECOND, "EXPIRED", null);
  }

  private void hijacked(Trace trace, Country country, long requested) {
    SplittableRandom random = trace.random;
    Attack attack = attack(trace, country, requested,
        "dev-" + Long.toHexString(random.nextLong() & 0xFFFFFFFFFFL), 0.7, "91");
    String device = attack.device();
    String ip = attack.ip();
    String ipCountry = attack.ipCountry();
    Route route = attack.route();
    long placed = attack.placed();
    String cli = attack.cli();
    long alert = placed + pdd(route, random) + 500 + random.nextLong(1_500);
    int diversions = random.nextDouble() < 0.9 ? 1 + random.nextInt(2) : 0;
    Country attacker = plan.countries().get(random.nextInt(plan.countries().size()));
    String forwardedTo = pick(random, attacker.mobileRanges()) + TrafficPlan.digits(random, TrafficPlan.RANGE_TAIL);
    long report = alert + reportDelay(500 + random.nextLong(2 * SECOND));
    if (random.nextDouble() < 0.4) {
      long answer = alert + 300 + random.nextLong(SECOND);
      trace.leg(route, cli, placed, alert, answer, Math.max(answer, report) + 2 * SECOND, 200, 16, diversions,
          forwardedTo, route.costPerCall() * 10);
    } else {
      trace.leg(route, cli, placed, alert, null, report + 200, 487, 31, diversions, null, route.costPerCall());
    }
    trace.reported(report, cli, "intercepted", device, ip, ipCountry);
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

  private static String typed(String cli, boolean typo, SplittableRandom random) {
    String number = cli;
    if (typo) {
      int position = number.length() - 1 - random.nextInt(TrafficPlan.CODE_LENGTH);
      char wrong = (char) ('0' + (number.charAt(position) - '0' + 1 + random.nextInt(9)) % 10);
      number = number.substring(0, position) + wrong + number.substring(position + 1);
    }
    return switch (random.nextInt(3)) {
      case 0 -> number;
      case 1 -> "00" + number.substring(1);
      default -> number.substring(0, 3) + " " + number.substring(3, 7) + " " + number.substring(7);
    };
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

  /** Accumulates one verification's lines in the SPEC formats. */
  private final class Trace {
    private final String id;
    private final String app;
    private final String phone;
    private final SplittableRandom random;
    private final List<String[]> events = new ArrayList<>();
    private final List<String[]> legs = new ArrayList<>();
    private int calls;

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

    private String[] event(long time, String type) {
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
