package io.flashguard.models.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.WindowFeaturesTable;
import io.flashguard.models.FraudType;
import io.flashguard.models.rules.DetectionRules;
import io.flashguard.models.rules.RuleSet;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One fraud type's detector: its rules, optionally a trained model, and thresholds. The score is
 * the rule score alone when there is no model, else the mean of rule score and model score, bounded
 * above the rule score ({@link #score}), where the rules' own verdict does not stand ({@link #standing}).
 *
 * <p>Spoofed CLI and forwarding hijack are scored per verification. Pumping is scored per
 * app × range × hour window; a verification of that window inherits the window's score unless it
 * verified in a window where most requests verified ({@link #inherit}).
 */
public final class Detector {
  /**
   * The column of a trained pipeline that holds the calibrated probability of the fraud type, when
   * the pipeline has a calibration (versions registered before calibration existed have none).
   */
  public static final String CALIBRATED = "calibrated_probability";
  /** The scored rows' calibrated model probability: null without a model or a calibration. */
  public static final String PROBABILITY = "model_probability";
  /**
   * A model lift that never binds: the mean of rule and model score is at most 0.5 above the rule
   * score. Versions registered before the lift was bounded score with it.
   */
  public static final double UNBOUNDED_LIFT = 0.5;
  /**
   * Below this share of verified requests a range window's verified requests inherit its score as
   * well: a pumper who owns the range can read his calls' CLIs and verify some of them to look
   * honest, while an honest surge verifies most of its requests.
   */
  public static final double MOSTLY_UNVERIFIED = 0.5;

  private final FraudType type;
  private final RuleSet rules;
  private final PipelineModel model;
  private final String modelVersion;
  private final Thresholds thresholds;
  /** How far above the rule score the model may carry the score ({@link #score}). */
  private final double maxModelLift;
  /** Whether the model's pipeline ends in its calibration ({@link #CALIBRATED}). */
  private final boolean calibrated;

  private Detector(FraudType type, PipelineModel model, String modelVersion, Thresholds thresholds,
      double maxModelLift) {
    this.type = type;
    this.rules = DetectionRules.of(type);
    this.model = model;
    this.modelVersion = modelVersion;
    this.thresholds = thresholds;
    this.maxModelLift = maxModelLift;
    this.calibrated = model != null && model.stages().length > 0
        && model.stages()[model.stages().length - 1] instanceof IsotonicRegressionModel;
  }

  /** The rules alone, with {@link Thresholds#rulesOnly()}. */
  public static Detector rulesOnly(FraudType type) {
    return new Detector(type, null, null, Thresholds.rulesOnly(), 0);
  }

  /**
   * Rules and a trained pipeline whose output column {@code probability} holds P(fraud) at index 1,
   * the model lifting the score at most {@code maxModelLift} above the rule score ({@link #score}).
   */
  public static Detector withModel(FraudType type, PipelineModel model, String modelVersion, Thresholds thresholds,
      double maxModelLift) {
    return new Detector(type, model, modelVersion, thresholds, maxModelLift);
  }

  /**
   * The score a detector with a model flags on: the mean of rule and model score, but never more
   * than {@code maxModelLift} above the rule score. With a bounded lift the model cannot flag on its
   * own; it confirms and strengthens what the rules found (or, scoring low, weakens it). A model
   * learns the traffic it was trained on, and on other traffic it is confidently wrong where the
   * rules, which compare a verification with its route's and number's own context, see little
   * (docs/detection.md, "Scores, thresholds, flags").
   */
  public static Column score(Column ruleScore, Column modelScore, double maxModelLift) {
    return least(ruleScore.plus(modelScore).divide(2.0), ruleScore.plus(maxModelLift));
  }

  /**
   * The score flagged at the combined threshold: {@code score} ({@link #score}), except where the
   * rule score reaches {@link Thresholds#rulesStand}, where the rules' verdict stands whatever the
   * model says: there the rule score, rescaled so that {@code rulesStand} meets the combined
   * threshold and 1 stays 1, counts if it is higher. So a verification is flagged when the rules
   * alone are sure enough, or when rules and model together are; both thresholds were chosen
   * together on the validation days for one false-positive budget ({@code DetectorTrainer}). A
   * model trained on other traffic can then add flags, or withhold them below {@code rulesStand},
   * but never overrule the rules' strongest evidence.
   */
  public static Column standing(Column score, Column ruleScore, Thresholds thresholds) {
    double stand = thresholds.rulesStand();
    if (stand >= Thresholds.NEVER) {
      return score;
    }
    double combined = thresholds.combined();
    Column rescaled = lit(combined).plus(ruleScore.minus(stand).multiply((1.0 - combined) / (1.0 - stand)));
    // decided on the rule score itself: rescaled, a rule score a hair below the stand can round up
    // to the combined threshold when that lies close to 1, and be flagged
    return when(ruleScore.geq(stand), greatest(score, rescaled)).otherwise(score);
  }

  public FraudType type() {
    return type;
  }

  public Optional<String> modelVersion() {
    return Optional.ofNullable(modelVersion);
  }

  public Thresholds thresholds() {
    return thresholds;
  }

  /** The threshold the score is flagged at. */
  public double threshold() {
    return model == null ? thresholds.rules() : thresholds.combined();
  }

  /**
   * Scores the rows the detector works on — {@code features} rows, or range windows for pumping —
   * adding {@code rule_score}, {@code model_score} (null without a model), {@link #PROBABILITY},
   * {@code score}, {@code flagged} and {@code reasons}.
   */
  public Dataset<Row> scoreRows(Dataset<Row> rows) {
    Dataset<Row> withModel = model == null
        ? rows.withColumn("model_score", lit(null).cast("double"))
        : withoutModelColumns(model.transform(rows), rows)
            .withColumn("model_score", functions.vector_to_array(col("probability"), "float64").getItem(1))
            .drop("probability");
    Column score = model == null ? col("rule_score")
        : standing(score(col("rule_score"), col("model_score"), maxModelLift), col("rule_score"), thresholds);
    return withModel
        .withColumn(PROBABILITY, calibrated ? col(CALIBRATED) : lit(null).cast("double"))
        .withColumn("rule_score", rules.score())
        .withColumn("score", score)
        .withColumn("flagged", col("score").geq(threshold()))
        .withColumn("reasons", model == null ? rules.reasons()
            : when(col("model_score").geq(0.5), array_union(rules.reasons(), modelReason()))
                .otherwise(rules.reasons()))
        .drop(CALIBRATED);
  }

  /**
   * Scores verifications: {@code features} rows, and for pumping also the range windows their
   * {@code range_window_id} points to. Returns {@code verification_id}, {@code window_id} (pumping),
   * and the scoring columns of {@link #scoreRows}.
   */
  public Dataset<Row> scoreAttempts(Dataset<Row> features, Dataset<Row> windows) {
    if (!type.windowLevel()) {
      return scoreRows(features).withColumn("window_id", lit(null).cast("string"));
    }
    return inherit(features, scoreWindows(windows));
  }

  /** Pumping: the range windows among {@code windows}, scored by {@link #scoreRows}. */
  public Dataset<Row> scoreWindows(Dataset<Row> windows) {
    return scoreRows(windows.where(col("grain").equalTo(WindowFeaturesTable.RANGE)));
  }

  /**
   * Pumping: verifications ({@code features} rows) with the score of their window among
   * {@code scoredWindows} (from {@link #scoreWindows}). A verified request keeps its window's score
   * only when most of the window's requests did not verify ({@link #MOSTLY_UNVERIFIED}): a burst's
   * own requests seldom convert, and an honest user who verified inside a busy range is not flagged
   * for the range's traffic.
   */
  public Dataset<Row> inherit(Dataset<Row> features, Dataset<Row> scoredWindows) {
    Dataset<Row> windowScores = scoredWindows
        .select(col("window_id"), col("rule_score"), col("model_score"), col(PROBABILITY), col("score"),
            col("reasons"), col("conversion").as("window_conversion"));
    Column converted = col("verified").equalTo(1.0);
    Column inherits = col("window_id").isNotNull()
        .and(not(converted).or(col("window_conversion").lt(MOSTLY_UNVERIFIED)));
    return features.join(windowScores, features.col("range_window_id").equalTo(windowScores.col("window_id")), "left")
        .withColumn("rule_score", when(inherits, col("rule_score")).otherwise(0.0))
        .withColumn("model_score", model == null ? lit(null).cast("double")
            : when(inherits, col("model_score")).otherwise(0.0))
        .withColumn(PROBABILITY, calibrated ? when(inherits, col(PROBABILITY)).otherwise(0.0) : lit(null).cast("double"))
        .withColumn("score", when(inherits, col("score")).otherwise(0.0))
        .withColumn("flagged", col("score").geq(threshold()))
        .withColumn("reasons", when(inherits, array_union(col("reasons"), array(when(converted,
                concat(lit("this verification verified, but "),
                    format_number(lit(1.0).minus(col("window_conversion")).multiply(100), 0),
                    lit("% of its window's requests did not: a burst that verifies a share of its own calls")))
                .otherwise(lit("this verification did not verify, like the burst's own requests")))))
            .otherwise(array().cast("array<string>")))
        .withColumn("window_id", when(inherits, col("window_id")))
        .drop("window_conversion");
  }

  /**
   * The model's opinion: its calibrated probability where the pipeline has a calibration, else its
   * score, said not to be a probability (a classifier trained on balanced classes overstates it).
   */
  private Column modelReason() {
    String prefix = "model " + type.modelName() + " " + modelVersion + ": resembles confirmed "
        + type.label().replace('_', ' ') + " cases (";
    return array(calibrated
        ? concat(lit(prefix + "probability "), format_number(col(PROBABILITY), 2),
            lit(", calibrated on its validation days)"))
        : concat(lit(prefix + "score "), format_number(col("model_score"), 2), lit(", not a calibrated probability)")));
  }

  /** The transformed frame with only the input columns, {@code probability} and {@link #CALIBRATED} if any. */
  private static Dataset<Row> withoutModelColumns(Dataset<Row> transformed, Dataset<Row> input) {
    Stream<String> model = Stream.of("probability", CALIBRATED)
        .filter(name -> Arrays.asList(transformed.columns()).contains(name));
    return transformed.select(Stream.concat(Arrays.stream(input.columns()), model)
        .map(name -> transformed.col("`" + name + "`")).toArray(Column[]::new));
  }
}
