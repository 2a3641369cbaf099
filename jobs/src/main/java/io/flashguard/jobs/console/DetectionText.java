package io.flashguard.jobs.console;

import io.flashguard.jobs.detection.EvaluateJob;
import io.flashguard.models.evaluation.Calibration;
import io.flashguard.models.evaluation.DetectionMetrics;
import io.flashguard.models.registry.ModelCard;
import io.flashguard.models.scoring.Detector;
import io.flashguard.models.scoring.Thresholds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Detection's results as text for the terminal: evaluations, newly registered models, the detectors in use. */
public final class DetectionText {
  /** How many of a registered model's largest feature importances its summary names. */
  static final int LEANS_ON = 5;

  private DetectionText() {}

  /**
   * Per fraud type: the model's largest feature importances, each scorer's metrics, the calibration
   * check, where false positives and misses concentrate.
   */
  public static String evaluation(EvaluateJob.Evaluation evaluation) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Evaluation %s..%s against %s%n",
        evaluation.from(), evaluation.to(), evaluation.labels()));
    for (EvaluateJob.TypeEvaluation type : evaluation.fraudTypes()) {
      text.append(String.format(Locale.ROOT, "%s (%s)%n", type.fraudType(),
          type.modelVersion() == null ? "rules alone, no model promoted" : "model " + type.modelVersion()));
      text.append(leansOn(type.featureImportances()));
      for (Map.Entry<String, DetectionMetrics> entry : type.metrics().entrySet()) {
        text.append(line(entry.getKey(), entry.getValue()));
      }
      if (type.calibration() != null) {
        Calibration calibration = type.calibration();
        text.append(String.format(Locale.ROOT, "  calibration: the model's probabilities expect %,.1f %s among these "
            + "%,d, %,d are labelled so; Brier score %.4f%n", calibration.expectedPositives(), type.fraudType(),
            calibration.rows(), calibration.positives(), calibration.brierScore()));
      }
      text.append(errors("false positives", type.errors().falsePositives(), type.errors().falsePositivesBy()));
      text.append(errors("misses", type.errors().misses(), type.errors().missesBy()));
    }
    return text.toString();
  }

  /** The {@link #LEANS_ON} largest of a model's feature importances on one line; nothing without them. */
  private static String leansOn(Map<String, Double> importances) {
    if (importances.isEmpty()) {
      return "";
    }
    return String.format(Locale.ROOT, "  model leans on %s (feature importances, top %d of %d)%n",
        importances.entrySet().stream().limit(LEANS_ON)
            .map(entry -> String.format(Locale.ROOT, "%s %.3f", entry.getKey(), entry.getValue()))
            .collect(Collectors.joining(", ")),
        Math.min(LEANS_ON, importances.size()), importances.size());
  }

  /** Where one kind of error concentrates: per dimension, its most frequent values. */
  private static String errors(String kind, long count, List<EvaluateJob.Concentration> concentrations) {
    if (count == 0) {
      return String.format(Locale.ROOT, "  %s: none%n", kind);
    }
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "  %s (%,d), most by%n", kind, count));
    Map<String, List<EvaluateJob.Concentration>> byDimension = concentrations.stream()
        .collect(Collectors.groupingBy(EvaluateJob.Concentration::dimension, LinkedHashMap::new, Collectors.toList()));
    byDimension.forEach((dimension, top) -> text.append(String.format(Locale.ROOT, "    %-8s %s%n", dimension,
        top.stream().map(each -> String.format(Locale.ROOT, "%s (%,d)", each.value(), each.count()))
            .collect(Collectors.joining(", ")))));
    return text.toString();
  }

  /** One scorer's metrics at its threshold, on one line. */
  private static String line(String scorer, DetectionMetrics metrics) {
    return String.format(Locale.ROOT,
        "  %-9s positives %,6d  legit %,8d  PR-AUC %s  threshold %s  recall %s  precision %s  FPR %s (%,d; "
            + "95%% %s..%s)%n",
        scorer, metrics.positives(), metrics.negatives(), number(metrics.prAuc(), "%.3f"), score(metrics.threshold()),
        number(metrics.recall(), "%.3f"), number(metrics.precision(), "%.3f"),
        number(metrics.falsePositiveRate(), "%.5f"), metrics.falsePositives(),
        number(metrics.falsePositiveRateLow(), "%.5f"), number(metrics.falsePositiveRateHigh(), "%.5f"));
  }

  private static String number(Double value, String format) {
    return value == null ? "  n/a" : String.format(Locale.ROOT, format, value);
  }

  /** A registered version: its days, each scorer's validation metrics, the card's warnings. */
  public static String modelCard(ModelCard card) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "registered %s %s: trained on %s, validated on %s, target false-positive rate %.4f%n",
        card.name(), card.version(), card.trainingDays(), card.validationDays(), card.targetFalsePositiveRate()));
    for (Map.Entry<String, DetectionMetrics> entry : card.validation().entrySet()) {
      text.append(line(entry.getKey(), entry.getValue()));
    }
    text.append(String.format(Locale.ROOT, "  combined flags %s%n", combinedRule(card.thresholds())));
    text.append(leansOn(card.featureImportances()));
    for (String warning : card.warnings()) {
      text.append("warning: ").append(warning).append(System.lineSeparator());
    }
    return text.toString();
  }

  /** One line per detector: which model version it uses, or that it runs on rules alone. */
  public static String detectors(List<Detector> detectors) {
    StringBuilder text = new StringBuilder();
    for (Detector detector : detectors) {
      text.append(String.format(Locale.ROOT, "  %-18s %s%n", detector.type().modelName(),
          detector.modelVersion().map(version -> "model " + version + " + rules, " + combinedRule(detector.thresholds()))
              .orElse("rules alone (no model promoted; see flashguard train), threshold "
                  + score(detector.threshold()))));
    }
    return text.toString();
  }

  /** When a detector with a model flags: its combined threshold, and the rule score from which the rules' verdict stands. */
  private static String combinedRule(Thresholds thresholds) {
    return thresholds.rulesStand() >= Thresholds.NEVER
        ? "at combined score " + score(thresholds.combined())
        : "at combined score " + score(thresholds.combined()) + ", or rule score " + score(thresholds.rulesStand())
            + " whatever the model says";
  }

  /**
   * A score a detector flags from, to 4 decimals; "above x" where it lies just above a score of
   * the validation days, x, which is itself not flagged (a threshold of 0.8000000000000002 flags
   * no 0.8, though "0.8000" would say it does).
   */
  static String score(double threshold) {
    String shown = String.format(Locale.ROOT, "%.4f", threshold);
    double value = Double.parseDouble(shown);
    return threshold > value && threshold - value < 1e-9 ? "above " + shown : shown;
  }
}
