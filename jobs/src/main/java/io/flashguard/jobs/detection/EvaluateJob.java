package io.flashguard.jobs.detection;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.try_element_at;

import io.flashguard.core.tables.LabelsTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.LocalCheckpoint;
import io.flashguard.core.warehouse.SideBySide;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.evaluation.Calibration;
import io.flashguard.models.evaluation.DetectionMetrics;
import io.flashguard.models.registry.ModelRegistry;
import io.flashguard.models.scoring.Detector;
import io.flashguard.models.training.DetectorTrainer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
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

  /**
   * The evaluation of one fraud type: which model and the features it leans on (its card's feature
   * importances, largest first; empty for rules alone or a version registered before cards had them),
   * metrics per scorer, whether the model's calibrated probabilities hold on these days (null without
   * them), and where the flagged detector's errors concentrate.
   */
  public record TypeEvaluation(String fraudType, String modelVersion, Map<String, Double> featureImportances,
      Map<String, DetectionMetrics> metrics, Calibration calibration, ErrorConcentrations errors) {}

  /** How many errors of one kind share a value of one dimension (route, country, app, strongest reason). */
  public record Concentration(String dimension, String value, long count) {}

  /**
   * The flagging score's errors: legitimate verifications flagged and positives missed, with the
   * values they most share, {@link #TOP} per dimension. A reason's numbers are replaced by {@code #}
   * so that sentences of one rule group together.
   */
  public record ErrorConcentrations(long falsePositives, long misses, List<Concentration> falsePositivesBy,
      List<Concentration> missesBy) {
    public static final int TOP = 3;
  }

  /** The whole evaluation, as printed and as written to JSON. */
  public record Evaluation(String from, String to, String labels, List<TypeEvaluation> fraudTypes) {}

  /**
   * Evaluates against {@code labels} ({@code labels} table schema; several decisions per
   * verification are allowed, the latest counts), described by {@code labelSource}.
   */
  public Evaluation run(LocalDate from, LocalDate to, Dataset<Row> labels, String labelSource) {
    return run(from, to, labels, labelSource, Detectors.current(spark, warehouse));
  }

  /** Evaluates the given detectors — a registered candidate before promotion, say — instead of the current ones. */
  public Evaluation run(LocalDate from, LocalDate to, Dataset<Row> labels, String labelSource,
      List<Detector> detectors) {
    return run(from, to, labels, labelSource, detectors, () -> DetectionInputs.compute(spark, warehouse, from, to));
  }

  /** Evaluates the current detectors on features already computed for days that include {@code from..to}. */
  public Evaluation run(LocalDate from, LocalDate to, Dataset<Row> labels, String labelSource,
      DetectionInputs computed) {
    return run(from, to, labels, labelSource, Detectors.current(spark, warehouse), () -> computed.on(from, to));
  }

  private Evaluation run(LocalDate from, LocalDate to, Dataset<Row> labels, String labelSource,
      List<Detector> detectors, Supplier<DetectionInputs> source) {
    return JobGroup.run(spark, "evaluate-" + from + "-" + to, "flashguard evaluate " + from + ".." + to, () -> {
      DetectionInputs inputs = source.get();
      Dataset<Row> current = LabelsTable.current(labels).select("verification_id", "label");
      Dataset<Row> features = LocalCheckpoint.of(inputs.features().join(current, new String[] {"verification_id"}, "inner"));
      Dataset<Row> windows = LocalCheckpoint.of(inputs.windows());
      ModelRegistry registry = new ModelRegistry(spark.sparkContext().hadoopConfiguration(), warehouse.root());
      try {
        List<TypeEvaluation> results = SideBySide.each(detectors, detector -> {
          Dataset<Row> scored = DetectorTrainer.evaluationRows(
              detector.scoreAttempts(features, windows), detector.type()).persist();
          try {
            Map<String, DetectionMetrics> metrics = DetectionMetrics.byScorer(scored, "positive",
                detector.thresholds(), detector.modelVersion().isPresent());
            Map<String, Double> importances = detector.modelVersion()
                .map(version -> registry.card(detector.type(), version).featureImportances()).orElse(Map.of());
            return new TypeEvaluation(detector.type().label(), detector.modelVersion().orElse(null), importances,
                metrics, Calibration.of(scored, Detector.PROBABILITY, "positive"), errors(scored));
          } finally {
            scored.unpersist();
          }
        });
        return new Evaluation(from.toString(), to.toString(), labelSource, results);
      } finally {
        LocalCheckpoint.release(features);
        LocalCheckpoint.release(windows);
      }
    });
  }

  private static ErrorConcentrations errors(Dataset<Row> scored) {
    Column strongestReason = coalesce(reasonFamily(try_element_at(col("reasons"), lit(1))), lit("(no rule held)"));
    Dataset<Row> described = scored.select(col("positive"), col("flagged"),
        coalesce(col("route_id"), lit("(none)")).as("route"), coalesce(col("phone_country"), lit("(none)")).as("country"),
        coalesce(col("app_id"), lit("(none)")).as("app"), strongestReason.as("reason"));
    Dataset<Row> falsePositives = described.where(col("flagged").and(not(col("positive")))).persist();
    Dataset<Row> misses = described.where(col("positive").and(not(col("flagged")))).persist();
    try {
      return new ErrorConcentrations(falsePositives.count(), misses.count(), concentrations(falsePositives),
          concentrations(misses));
    } finally {
      falsePositives.unpersist();
      misses.unpersist();
    }
  }

  /**
   * A reason sentence with its figures replaced by {@code #} ("altered 16.1% of CLIs, 4 report(s)"
   * becomes "altered #% of CLIs, # report(s)"), so that sentences of one rule group together. Only
   * numbers that stand alone are figures: a model version ({@code 20261201T225906Z-55153e}, or one
   * whose suffix happens to be all digits) stays.
   */
  static Column reasonFamily(Column reason) {
    return regexp_replace(reason, "(?<![\\w-])[0-9][0-9.,]*\\b", "#");
  }

  private static List<Concentration> concentrations(Dataset<Row> errors) {
    List<Concentration> out = new ArrayList<>();
    for (String dimension : List.of("route", "country", "app", "reason")) {
      for (Row row : errors.groupBy(dimension).count().orderBy(desc("count"), col(dimension))
          .limit(ErrorConcentrations.TOP).collectAsList()) {
        out.add(new Concentration(dimension, row.getString(0), row.getLong(1)));
      }
    }
    return out;
  }
}
