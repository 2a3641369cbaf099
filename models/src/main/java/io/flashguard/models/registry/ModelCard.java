package io.flashguard.models.registry;

import io.flashguard.models.evaluation.DetectionMetrics;
import io.flashguard.models.scoring.Detector;
import io.flashguard.models.scoring.Thresholds;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: what a registered model was trained on, what it reads, how it did on its
 * validation slice and where its thresholds lie.
 *
 * @param featureImportances the classifier's feature importances (Spark's: each feature's share of
 *     the trees' split gains, summing to 1), largest first: what the model leans on. A model that
 *     leans on one fact the rules weigh little may have learned how its training world happened to
 *     look (docs/model-cards/); empty for versions registered before they were recorded
 * @param validation metrics on the validation slice, per scorer: {@code rules}, {@code model}, {@code combined}
 * @param dataChecksums fingerprints of the training and validation rows (row count and a sum of row hashes)
 * @param warnings what a user should know before trusting the thresholds (a validation slice too
 *     small for the target false-positive rate, say); empty when there is nothing to say
 */
public record ModelCard(
    String name,
    String version,
    String fraudType,
    String trainedFrom,
    String trainedTo,
    List<String> trainingDays,
    List<String> validationDays,
    List<String> features,
    Map<String, Double> featureImportances,
    Map<String, Object> parameters,
    double targetFalsePositiveRate,
    Thresholds thresholds,
    Map<String, DetectionMetrics> validation,
    Map<String, String> dataChecksums,
    String codeVersion,
    String createdAt,
    List<String> warnings) {
  /** The parameter that bounds how far the model lifts the score above the rule score. */
  public static final String MAX_MODEL_LIFT = "maxModelLift";

  public ModelCard {
    featureImportances = featureImportances == null ? Map.of() : featureImportances;
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /**
   * How far the model may lift the score above the rule score ({@code Detector.score}); versions
   * registered before the lift was bounded have no such parameter and score with the plain mean.
   */
  public double maxModelLift() {
    Object lift = parameters == null ? null : parameters.get(MAX_MODEL_LIFT);
    return lift instanceof Number number ? number.doubleValue() : Detector.UNBOUNDED_LIFT;
  }
}
