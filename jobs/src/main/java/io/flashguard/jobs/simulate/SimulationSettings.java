package io.flashguard.jobs.simulate;

import static io.flashguard.jobs.simulate.Settings.require;
import static io.flashguard.jobs.simulate.Settings.share;

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
 * @param typoRate chance that a typed code has a wrong digit
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

  /** The same scenario parameters with the default hard negatives and attack styles. */
  public SimulationSettings(LocalDate startDate, int days, long verificationsPerDay, long seed, List<String> countries,
      double spoofedShare, double hijackShare, int burstsPerDay, int burstSize, int burstMinutes, int incidentsPerDay,
      double androidShare, double weekendFactor, double typoRate, double duplicateRate, double reportDelayFactor,
      double returningShare, int partitions) {
    this(startDate, days, verificationsPerDay, seed, countries, spoofedShare, hijackShare, burstsPerDay, burstSize,
        burstMinutes, incidentsPerDay, androidShare, weekendFactor, typoRate, duplicateRate, reportDelayFactor,
        returningShare, partitions, HonestVariety.DEFAULTS, AttackStyles.DEFAULTS);
  }

  /** These settings with other hard negatives and attack styles. */
  public SimulationSettings with(HonestVariety otherHonest, AttackStyles otherAttacks) {
    return new SimulationSettings(startDate, days, verificationsPerDay, seed, countries, spoofedShare, hijackShare,
        burstsPerDay, burstSize, burstMinutes, incidentsPerDay, androidShare, weekendFactor, typoRate, duplicateRate,
        reportDelayFactor, returningShare, partitions, otherHonest, otherAttacks);
  }
}
