package io.flashguard.simulator;

import static io.flashguard.simulator.Settings.require;
import static io.flashguard.simulator.Settings.share;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What the traffic simulator produces. Every scenario intensity is a setting, so models can be
 * evaluated on traffic whose parameters differ from the traffic they were trained on.
 *
 * @param startDate the first simulated day (UTC)
 * @param days number of consecutive days
 * @param verificationsPerDay ordinary verifications per weekday (weekends carry {@code weekendFactor} of it)
 * @param seed every random choice derives from it: the same seed gives the same files
 * @param countries ISO regions of the destination numbers, with real mobile ranges from libphonenumber
 * @param spoofedShare share of ordinary verifications that are spoofed CLI reports
 * @param hijackShare share of ordinary verifications that are call-forwarding hijacks
 * @param burstsPerDay pumping bursts per day
 * @param burstSize verifications per burst
 * @param burstMinutes length of a burst
 * @param incidentsPerDay route incidents per day: a route whose calls mostly fail for some hours
 * @param androidShare share of handsets that intercept the call log (the rest type the code or give up)
 * @param typoRate chance that a typed number has one typo, half of them in the code digits
 * @param duplicateRate chance that an event is logged twice (same event_id)
 * @param reportDelayFactor scales the random delays before handsets and attackers report a CLI
 * @param returningShare share of verifications (other than hijacks, which target returning
 *     customers 80% of the time) of numbers from a pool of customers who verify again now and then
 * @param partitions Spark partitions, and so files, per day and input kind
 * @param honest the hard negatives: honest traffic that looks suspicious
 * @param attacks how attackers behave
 */
public record SimulationSettings(
    LocalDate startDate,
    int days,
    long verificationsPerDay,
    long seed,
    List<String> countries,
    double spoofedShare,
    double hijackShare,
    int burstsPerDay,
    int burstSize,
    int burstMinutes,
    int incidentsPerDay,
    double androidShare,
    double weekendFactor,
    double typoRate,
    double duplicateRate,
    double reportDelayFactor,
    double returningShare,
    int partitions,
    HonestVariety honest,
    AttackStyles attacks) implements java.io.Serializable {

  public static final List<String> DEFAULT_COUNTRIES = List.of("GB", "DE", "BR", "ID", "IN", "NG");

  /**
   * The simulator's defaults, the ones {@code simulate} uses for an option not given: one Monday of
   * 10,000 verifications in six countries, every hard negative and attack style at its default.
   */
  public static final SimulationSettings DEFAULTS = new SimulationSettings(LocalDate.parse("2026-11-02"), 1, 10_000, 1,
      DEFAULT_COUNTRIES, 0.01, 0.005, 2, 120, 20, 1, 0.7, 0.8, 0.05, 0.005, 1.0, 0.3, 2, HonestVariety.DEFAULTS,
      AttackStyles.DEFAULTS);

  public SimulationSettings {
    Objects.requireNonNull(startDate, "startDate");
    countries = List.copyOf(countries);
    Objects.requireNonNull(honest, "honest");
    Objects.requireNonNull(attacks, "attacks");
    require(days >= 1, "days must be at least 1");
    require(verificationsPerDay >= 0, "verifications per day must be >= 0");
    require(!countries.isEmpty(), "at least one country is needed");
    require(share(spoofedShare) && share(hijackShare) && spoofedShare + hijackShare <= 1,
        "spoofed and hijack shares must lie in [0, 1] and add up to at most 1");
    require(burstsPerDay >= 0 && burstSize >= 0 && burstMinutes >= 1, "bursts need a size >= 0 and minutes >= 1");
    require(incidentsPerDay >= 0, "incidents per day must be >= 0");
    require(share(androidShare) && share(typoRate) && share(duplicateRate) && share(weekendFactor),
        "shares and rates must lie in [0, 1]");
    require(share(returningShare), "the returning share must lie in [0, 1]");
    require(reportDelayFactor > 0 && reportDelayFactor <= 100, "the report delay factor must lie in (0, 100]");
    require(partitions >= 1, "partitions must be at least 1");
  }

  /** A builder that starts from {@link #DEFAULTS}: name only what differs. */
  public static Builder builder() {
    return DEFAULTS.toBuilder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Settings by name; {@link #build} checks them as the record does. */
  public static final class Builder {
    private LocalDate startDate;
    private int days;
    private long verificationsPerDay;
    private long seed;
    private List<String> countries;
    private double spoofedShare;
    private double hijackShare;
    private int burstsPerDay;
    private int burstSize;
    private int burstMinutes;
    private int incidentsPerDay;
    private double androidShare;
    private double weekendFactor;
    private double typoRate;
    private double duplicateRate;
    private double reportDelayFactor;
    private double returningShare;
    private int partitions;
    private HonestVariety honest;
    private AttackStyles attacks;

    private Builder(SimulationSettings from) {
      startDate = from.startDate;
      days = from.days;
      verificationsPerDay = from.verificationsPerDay;
      seed = from.seed;
      countries = from.countries;
      spoofedShare = from.spoofedShare;
      hijackShare = from.hijackShare;
      burstsPerDay = from.burstsPerDay;
      burstSize = from.burstSize;
      burstMinutes = from.burstMinutes;
      incidentsPerDay = from.incidentsPerDay;
      androidShare = from.androidShare;
      weekendFactor = from.weekendFactor;
      typoRate = from.typoRate;
      duplicateRate = from.duplicateRate;
      reportDelayFactor = from.reportDelayFactor;
      returningShare = from.returningShare;
      partitions = from.partitions;
      honest = from.honest;
      attacks = from.attacks;
    }

    /** The first day and how many consecutive days, with this many ordinary verifications a weekday. */
    public Builder days(LocalDate first, int count, long verificationsPerWeekday) {
      this.startDate = first;
      this.days = count;
      this.verificationsPerDay = verificationsPerWeekday;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder countries(List<String> value) {
      this.countries = value;
      return this;
    }

    /** Shares of ordinary verifications that are spoofed CLI reports and forwarding hijacks. */
    public Builder attackShares(double spoofed, double hijack) {
      this.spoofedShare = spoofed;
      this.hijackShare = hijack;
      return this;
    }

    /** Pumping bursts a day, each of {@code size} verifications over {@code minutes}. */
    public Builder bursts(int perDay, int size, int minutes) {
      this.burstsPerDay = perDay;
      this.burstSize = size;
      this.burstMinutes = minutes;
      return this;
    }

    public Builder incidentsPerDay(int value) {
      this.incidentsPerDay = value;
      return this;
    }

    public Builder androidShare(double value) {
      this.androidShare = value;
      return this;
    }

    public Builder weekendFactor(double value) {
      this.weekendFactor = value;
      return this;
    }

    public Builder typoRate(double value) {
      this.typoRate = value;
      return this;
    }

    public Builder duplicateRate(double value) {
      this.duplicateRate = value;
      return this;
    }

    public Builder reportDelayFactor(double value) {
      this.reportDelayFactor = value;
      return this;
    }

    public Builder returningShare(double value) {
      this.returningShare = value;
      return this;
    }

    public Builder partitions(int value) {
      this.partitions = value;
      return this;
    }

    public Builder honest(HonestVariety value) {
      this.honest = value;
      return this;
    }

    public Builder attacks(AttackStyles value) {
      this.attacks = value;
      return this;
    }

    public SimulationSettings build() {
      return new SimulationSettings(startDate, days, verificationsPerDay, seed, countries, spoofedShare, hijackShare,
          burstsPerDay, burstSize, burstMinutes, incidentsPerDay, androidShare, weekendFactor, typoRate, duplicateRate,
          reportDelayFactor, returningShare, partitions, honest, attacks);
    }
  }
}
