package io.flashguard.models.scoring;

/**
 * Decision thresholds of one detector, each chosen on validation data for the same target
 * false-positive rate: for the rules alone, the model alone, and the combined score that flags.
 *
 * @param rulesStand the rule score from which, in a detector with a model, the rules' verdict stands
 *     whatever the model says ({@link Detector#standing}); {@link #NEVER} where the model may weaken any
 *     rule score. Chosen together with {@code combined} (docs/detection.md, "Scores, thresholds,
 *     flags"). Cards written before it existed read 0 here, which means {@link #NEVER}.
 */
public record Thresholds(double rules, double model, double combined, double rulesStand) {
  /** The rules' threshold when no model has been trained: two strong rules, or one very strong one. */
  public static final double DEFAULT_RULES = 0.7;
  /** No threshold is chosen below this: a flag means the detector finds fraud more likely than not. */
  public static final double MINIMUM = 0.5;
  /** A rule score no verification reaches (rule scores lie in [0, 1)): the rules' verdict never stands alone. */
  public static final double NEVER = 1.0;

  public Thresholds {
    if (rulesStand <= 0) {
      rulesStand = NEVER;
    }
  }

  public static Thresholds rulesOnly() {
    return new Thresholds(DEFAULT_RULES, Double.NaN, DEFAULT_RULES, NEVER);
  }
}
