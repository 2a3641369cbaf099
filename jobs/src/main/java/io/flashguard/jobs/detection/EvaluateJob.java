package io.flashguard.jobs.detection;

import io.flashguard.core.tables.LabelsTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.evaluation.DetectionMetrics;
import io.flashguard.models.scoring.Detector;
import io.flashguard.models.training.DetectorTrainer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code flashguard evaluate}: scores the days {@code from..to} with the current detectors, exactly
 * as {@code score} would, and compares them with labels — per fraud type, for the rules alone, the
 * model alone and the combined score, each at its own threshold. A fraud type is evaluated on the
 * verifications labelled with it (positives) and those labelled legitimate (negatives); the other
 * fraud types are left out of its figures.
 */
public final class EvaluateJob {
  private final SparkSession spark;
  private final Warehouse warehouse;

  public EvaluateJob(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** The evaluation of one fraud type: which model, and metrics per scorer. */
  public record TypeEvaluation(String fraudType, String modelVersion, Map<String, DetectionMetrics> metrics) {}

  /** The whole evaluation, as printed and as written to JSON. */
  public record Evaluation(String from, String to, String labels, List<TypeEvaluation> fraudTypes) {}

  /**
   * Evaluates against {@code labels} ({@code labels} table schema; several decisions per
   * verification are allowed, the latest counts), described by {@code labelSource}.
   */
  public Evaluation run(LocalDate from, LocalDate to, Dataset<Row> labels, String labelSource) {
    return JobGroup.run(spark, "evaluate-" + from + "-" + to, "flashguard evaluate " + from + ".." + to, () -> {
      DetectionInputs inputs = DetectionInputs.compute(spark, warehouse, from, to);
      Dataset<Row> current = LabelsTable.current(labels).select("verification_id", "label");
      Dataset<Row> features = inputs.features().join(current, new String[] {"verification_id"}, "inner").persist();
      Dataset<Row> windows = inputs.windows().persist();
      try {
        List<TypeEvaluation> results = new ArrayList<>();
        for (Detector detector : Detectors.current(spark, warehouse)) {
          Dataset<Row> scored = DetectorTrainer.evaluationRows(
              detector.scoreAttempts(features, windows), detector.type()).persist();
          try {
            Map<String, DetectionMetrics> metrics = DetectionMetrics.byScorer(scored, "positive",
                detector.thresholds(), detector.modelVersion().isPresent());
            results.add(new TypeEvaluation(detector.type().label(), detector.modelVersion().orElse(null), metrics));
          } finally {
            scored.unpersist();
          }
        }
        return new Evaluation(from.toString(), to.toString(), labelSource, results);
      } finally {
        features.unpersist();
        windows.unpersist();
      }
    });
  }
}
