package io.flashguard.jobs.report;

import java.util.Locale;

/** Numbers as people read them in the report: thousands separators, percentages, seconds, money. */
final class Numbers {
  private Numbers() {}

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** A share 0..1 as a percentage with one decimal: {@code 0.9712 → "97.1%"}. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  /** A Wilson interval as {@code "95.0–98.3%"}. */
  static String interval(double lo, double hi) {
    return String.format(Locale.ROOT, "%.1f–%.1f%%", 100 * lo, 100 * hi);
  }

  /** A duration in milliseconds: {@code 850 ms}, {@code 3.2 s}, {@code 2 min 05 s}. */
  static String duration(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long seconds = Math.round(ms / 1000.0);
    return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
  }

  /** Money with four decimals (flash calls cost fractions of a cent), and the currency when known. */
  static String money(double amount, String currency) {
    String value = String.format(Locale.ROOT, "%,.4f", amount);
    return currency == null || currency.isEmpty() ? value : value + " " + currency;
  }

  /** A score 0..1 with three decimals. */
  static String score(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /** A share rounded for a chart axis in percent, one decimal. */
  static double chartPercent(double share) {
    return Math.round(share * 1000) / 10.0;
  }
}
