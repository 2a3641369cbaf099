package io.flashguard.simulator;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.flashguard.core.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The fixed world of a simulation, built once on the driver: per country its real mobile ranges
 * (checked with libphonenumber) and its routes, each with a quality profile and a CLI pool prefix.
 */
final class TrafficPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Digits after a range prefix (the subscriber part) and after a CLI pool prefix. */
  static final int RANGE_TAIL = 4;
  static final int POOL_TAIL = 6;
  static final int CODE_LENGTH = 4;
  static final List<String> APPS = List.of("app-shop", "app-bank", "app-ride", "app-chat", "app-game");

  enum RouteType { DIRECT, AGGREGATOR, GREY }

  /**
   * A carrier route: how often its calls fail, how often it replaces our CLI (on a typical day), how
   * fast calls alert, our CLI pool prefix on it, and the local numbers it shows when it substitutes
   * through a SIM box ({@code simCards}) or during a gateway incident ({@code gatewayNumbers}).
   */
  record Route(String routeId, String carrier, RouteType type, String country, double costPerCall,
      double failRate, double substitutionRate, double pddMedianMs, String poolPrefix, List<String> simCards,
      List<String> gatewayNumbers) implements Serializable {
    /** This route's traffic to its country, carried under another route's name. */
    Route carriedBy(String otherRouteId, String otherCarrier) {
      return new Route(otherRouteId, otherCarrier, type, country, costPerCall, failRate, substitutionRate,
          pddMedianMs, poolPrefix, simCards, gatewayNumbers);
    }
  }

  /** The route that serves every country when the world has a wholesale route. */
  static final String WHOLESALE_ROUTE = "wholesale-1";

  /** A destination country: its mobile ranges, routes, the IP block of its users, its voicemail platforms. */
  record Country(String iso, List<String> mobileRanges, List<Route> routes, String ipPrefix,
      List<String> voicemailNumbers) implements Serializable {
    /** A random mobile number of the country: one of its ranges and random subscriber digits. */
    String mobileNumber(SplittableRandom random) {
      return TrafficPlan.mobileNumber(mobileRanges, random);
    }
  }

  private final List<Country> countries;

  private TrafficPlan(List<Country> countries) {
    this.countries = List.copyOf(countries);
  }

  /**
   * The world of {@code regions}: per country a direct route, an aggregator and a grey route. With
   * {@code wholesaleRoute}, one route ({@link #WHOLESALE_ROUTE}) carries the direct traffic of the
   * first, third, ... country and the grey traffic of the others, each with that country's
   * behaviour, so it keeps CLIs intact (~1% substituted) towards some destinations and substitutes
   * ~45% towards the others.
   */
  static TrafficPlan build(List<String> regions, long seed, int simBoxSims, boolean wholesaleRoute) {
    List<Country> countries = new ArrayList<>();
    for (int i = 0; i < regions.size(); i++) {
      String iso = regions.get(i).toUpperCase(Locale.ROOT);
      SplittableRandom random = new SplittableRandom(seed ^ iso.hashCode());
      List<String> mobile = validPrefixes(iso, PhoneNumberType.MOBILE, RANGE_TAIL, 24, random);
      List<String> pool = validPrefixes(iso, PhoneNumberType.FIXED_LINE, POOL_TAIL, 3, random);
      if (pool.size() < 3) {
        pool = validPrefixes(iso, PhoneNumberType.MOBILE, POOL_TAIL, 3, random);
      }
      String cc = iso.toLowerCase(Locale.ROOT);
      List<Route> routes = List.of(
          new Route(cc + "-direct-1", "carrier-" + cc + "-1", RouteType.DIRECT, iso, 0.0040, 0.02, 0.01, 1400,
              pool.get(0), localNumbers(mobile, 1, random), localNumbers(mobile, 3, random)),
          new Route(cc + "-aggr-1", "aggregator-1", RouteType.AGGREGATOR, iso, 0.0025, 0.06, 0.05, 2300,
              pool.get(1), localNumbers(mobile, 1, random), localNumbers(mobile, 3, random)),
          new Route(cc + "-grey-1", "aggregator-2", RouteType.GREY, iso, 0.0012, 0.09, 0.45, 3200,
              pool.get(2), localNumbers(mobile, simBoxSims, random), localNumbers(mobile, 3, random)));
      if (wholesaleRoute) {
        List<Route> carried = new ArrayList<>(routes);
        int index = i % 2 == 0 ? 0 : 2;
        carried.set(index, routes.get(index).carriedBy(WHOLESALE_ROUTE, "wholesale"));
        routes = List.copyOf(carried);
      }
      countries.add(new Country(iso, mobile, routes, (11 + 7 * i) + "." + (20 + i), localNumbers(mobile, 2, random)));
    }
    return new TrafficPlan(countries);
  }

  List<Country> countries() {
    return countries;
  }

  /** {@code count} fixed local mobile numbers: a SIM box's SIMs, a gateway's numbers, voicemail platforms. */
  private static List<String> localNumbers(List<String> ranges, int count, SplittableRandom random) {
    List<String> numbers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      numbers.add(mobileNumber(ranges, random));
    }
    return List.copyOf(numbers);
  }

  private static String mobileNumber(List<String> ranges, SplittableRandom random) {
    return ranges.get(random.nextInt(ranges.size())) + digits(random, RANGE_TAIL);
  }

  /**
   * Prefixes of {@code type} numbers of {@code region}, each leaving {@code tail} digits free, found
   * by varying the last two prefix digits of libphonenumber's example number; a prefix is kept only
   * when several random completions are all valid numbers of that type.
   */
  private static List<String> validPrefixes(String region, PhoneNumberType type, int tail, int wanted,
      SplittableRandom random) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    PhoneNumber example = util.getExampleNumberForType(region, type);
    if (example == null) {
      throw new BadInputException("libphonenumber has no " + type + " numbers for region " + region);
    }
    String e164 = util.format(example, PhoneNumberFormat.E164);
    String base = e164.substring(0, e164.length() - tail - 2);
    List<String> prefixes = new ArrayList<>();
    for (int k = 0; k < 100 && prefixes.size() < wanted; k++) {
      String prefix = base + String.format(Locale.ROOT, "%02d", (k * 37 + 11) % 100);
      if (allValid(util, prefix, tail, type, region, random)) {
        prefixes.add(prefix);
      }
    }
    if (prefixes.isEmpty()) {
      throw new BadInputException("no valid " + type + " ranges found for region " + region);
    }
    return prefixes;
  }

  private static boolean allValid(PhoneNumberUtil util, String prefix, int tail, PhoneNumberType type,
      String region, SplittableRandom random) {
    for (int i = 0; i < 8; i++) {
      String candidate = prefix + digits(random, tail);
      try {
        PhoneNumber number = util.parse(candidate, "ZZ");
        PhoneNumberType actual = util.getNumberType(number);
        boolean typeFits = actual == type || actual == PhoneNumberType.FIXED_LINE_OR_MOBILE;
        if (!util.isValidNumberForRegion(number, region) || !typeFits) {
          return false;
        }
      } catch (NumberParseException e) {
        return false;
      }
    }
    return true;
  }

  static String digits(SplittableRandom random, int count) {
    StringBuilder out = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      out.append((char) ('0' + random.nextInt(10)));
    }
    return out.toString();
  }
}
