package io.flashguard.models.training;

import io.flashguard.core.BadInputException;
import io.flashguard.models.FraudType;

/**
 * How a detector is trained.
 *
 * @param targetFalsePositiveRate share of legitimate validation verifications the thresholds may flag
 * @param iterations boosting rounds of the tree ensemble
 * @param depth depth of each tree
 * @param stepSize learning rate
 * @param seed seed of every random choice in training
 */
public record TrainingSettings(FraudType type, double targetFalsePositiveRate, int iterations, int depth,
    double stepSize, long seed) {
  public static final double DEFAULT_TARGET_FALSE_POSITIVE_RATE = 0.001;

  public TrainingSettings {
    if (!(targetFalsePositiveRate >= 0 && targetFalsePositiveRate < 1)) {
      throw new BadInputException("the target false-positive rate must lie in [0, 1), was "
          + targetFalsePositiveRate);
    }
  }

  public static TrainingSettings defaults(FraudType type) {
    return new TrainingSettings(type, DEFAULT_TARGET_FALSE_POSITIVE_RATE, 60, 4, 0.1, 20261125L);
  }

  public TrainingSettings withTargetFalsePositiveRate(double rate) {
    return new TrainingSettings(type, rate, iterations, depth, stepSize, seed);
  }
}
