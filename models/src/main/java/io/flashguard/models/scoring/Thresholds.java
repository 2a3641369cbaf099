package io.flashguard.models.scoring;

/**
 * Decision thresholds of one detector, each chosen on validation data for the same target
 * false-positive rate: for the rules alone, the model alone, and the combined score that flags.
 */
public record Thresholds(double rules, double model, double combined) {
  /** The rules' threshold when no model has been trained: two strong rules, or one very strong one. */
  public static final double DEFAULT_RULES = 0.7;
  /** No threshold is chosen below this: a flag means the detector finds fraud more likely than not. */
  public static final double MINIMUM = 0.5;

  public static Thresholds rulesOnly() {
    return new Thresholds(DEFAULT_RULES, Double.NaN, DEFAULT_RULES);
  }
}
