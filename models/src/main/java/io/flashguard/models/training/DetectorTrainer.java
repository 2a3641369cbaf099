package io.flashguard.models.training;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.flashguard.core.BadInputException;
import io.flashguard.core.NothingToDoException;
import io.flashguard.models.FraudType;
import io.flashguard.models.evaluation.DetectionMetrics;
import io.flashguard.models.registry.ModelCard;
import io.flashguard.models.scoring.Detector;
import io.flashguard.models.scoring.Thresholds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trains one fraud type's model: a time-based split of the labelled days (the last third, at
 * least one day, validates; the earlier days train), a gradient-boosted tree classifier on the
 * fraud type's features with the classes balanced by weight, then thresholds for the target
 * false-positive rate chosen on the validation days (the combined one together with the rule score
 * from which the rules' verdict stands, {@link StandingRules}), where the model card's metrics come
 * from too.
 */
public final class DetectorTrainer {
  /** Thresholds are set for this share of the target false-positive rate on the validation days. */
  public static final double THRESHOLD_MARGIN = 0.5;
  /**
   * How far above the rule score a model may carry the score ({@link Detector#score}). Measured on
   * worlds the models were not trained on (docs/model-cards/): the unbounded mean flagged 85 honest
   * verifications as spoofed CLI in one such world where this bound flags 28, for 2% less recall.
   */
  public static final double MAX_MODEL_LIFT = 0.15;
  /** Fewer expected false positives than this on the validation days, and the card warns. */
  public static final int MIN_EXPECTED_FALSE_POSITIVES = 10;

  private final TrainingSettings settings;

  public DetectorTrainer(TrainingSettings settings) {
    this.settings = settings;
  }

  /** What training produced: the detector with its thresholds, the fitted pipeline and its card. */
  public record Trained(Detector detector, PipelineModel pipeline, ModelCard card) {}

  public Trained train(LabelledDays data, String version) {
    FraudType type = settings.type();
    List<LocalDate> days = data.days().stream().sorted().toList();
    requireTwoDays(type.modelName(), days);
    int validationCount = Math.max(1, Math.round(days.size() / 3.0f));
    List<LocalDate> trainingDays = days.subList(0, days.size() - validationCount);
    List<LocalDate> validationDays = days.subList(days.size() - validationCount, days.size());

    Dataset<Row> training = modelRows(data.on(trainingDays)).persist();
    try {
      Row classes = training.agg(sum(col("label")).as("positives"), count(lit(1)).as("rows")).first();
      double positives = classes.isNullAt(0) ? 0 : classes.getDouble(0);
      long rows = classes.getLong(1);
      if (positives == 0 || positives == rows) {
        throw new BadInputException("the training days " + trainingDays + " hold " + (long) positives
            + " " + type.label() + " and " + (rows - (long) positives) + " other labelled "
            + (type.windowLevel() ? "windows" : "verifications") + "; both are needed to train " + type.modelName());
      }
      double positiveWeight = (rows - positives) / positives;
      PipelineModel classifier = pipeline(type).fit(training.withColumn("weight",
          when(col("label").equalTo(1.0), positiveWeight).otherwise(1.0)));

      LabelledDays validation = data.on(validationDays);
      PipelineModel pipeline = calibrated(classifier, modelRows(validation));
      Dataset<Row> scored = evaluationRows(
          Detector.withModel(type, pipeline, version, new Thresholds(1, 1, 1, Thresholds.NEVER), MAX_MODEL_LIFT)
              .scoreAttempts(validation.attempts(), validation.windows()), type).persist();
      try {
        double rulesThreshold = threshold(scored, "rule_score");
        StandingRules.Choice combined = StandingRules.choose(scored, rulesThreshold,
            settings.targetFalsePositiveRate() * THRESHOLD_MARGIN);
        Thresholds thresholds = new Thresholds(rulesThreshold, threshold(scored, "model_score"), combined.combined(),
            combined.rulesStand());
        Dataset<Row> flagged = scored.withColumn("score", Detector.standing(col("score"), col("rule_score"), thresholds));
        Map<String, DetectionMetrics> metrics = DetectionMetrics.byScorer(flagged, "positive", thresholds, true);
        List<String> warnings = warnings(metrics.get("combined"), validationDays);
        Map<String, String> checksums = new LinkedHashMap<>();
        checksums.put("training", fingerprint(training, type));
        checksums.put("validation", fingerprint(modelRows(validation), type));
        ModelCard card = new ModelCard(type.modelName(), version, type.label(),
            days.get(0).toString(), days.get(days.size() - 1).toString(),
            trainingDays.stream().map(LocalDate::toString).toList(),
            validationDays.stream().map(LocalDate::toString).toList(),
            type.features(), importances(classifier, type.features()), parameters(positiveWeight),
            settings.targetFalsePositiveRate(), thresholds, metrics,
            checksums, codeVersion(), Instant.now().toString(), warnings);
        return new Trained(Detector.withModel(type, pipeline, version, thresholds, MAX_MODEL_LIFT), pipeline, card);
      } finally {
        scored.unpersist();
      }
    } finally {
      training.unpersist();
    }
  }

  /**
   * Refuses fewer than two days: earlier days train, later ones validate, and one day cannot be split
   * in time. Features are computed from the days' attempts, which {@code metrics} (or {@code run})
   * assembles, so that is what to run first.
   */
  public static void requireTwoDays(String models, List<LocalDate> days) {
    if (days.size() < 2) {
      throw new NothingToDoException("training " + models + " needs at least two days with attempts "
          + "(earlier days train, later ones validate); " + days.size() + " found in the range: `flashguard metrics` "
          + "(or `flashguard run`) assembles attempts from ingested days");
    }
  }

  /**
   * Labelled scores of verifications for one fraud type: rows labelled with it ({@code positive})
   * or legitimate; verifications of the other fraud types and unlabelled ones are left out.
   */
  public static Dataset<Row> evaluationRows(Dataset<Row> scoredAttempts, FraudType type) {
    return scoredAttempts.where(col("label").isin(type.label(), "legit"))
        .withColumn("positive", col("label").equalTo(type.label()))
        .withColumn("model_score", coalesce(col("model_score"), lit(0.0)));
  }

  /** Rows the model learns from: features and a 0/1 {@code label}. */
  private Dataset<Row> modelRows(LabelledDays data) {
    FraudType type = settings.type();
    Column[] features = type.features().stream().map(name -> col(name)).toArray(Column[]::new);
    Dataset<Row> labelled = type.windowLevel()
        ? data.windows().where(col("labelled_members").gt(0))
            .withColumn("label", when(col("pumping_share").geq(LabelledDays.PUMPING_WINDOW_SHARE), 1.0).otherwise(0.0))
        : data.attempts().where(col("label").isNotNull())
            .withColumn("label", when(col("label").equalTo(type.label()), 1.0).otherwise(0.0));
    Column[] columns = Arrays.copyOf(features, features.length + 1);
    columns[features.length] = col("label");
    return labelled.select(columns);
  }

  private Pipeline pipeline(FraudType type) {
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(type.features().toArray(new String[0]))
        .setOutputCol("features_vector");
    GBTClassifier classifier = new GBTClassifier()
        .setFeaturesCol("features_vector")
        .setLabelCol("label")
        .setWeightCol("weight")
        .setMaxIter(settings.iterations())
        .setMaxDepth(settings.depth())
        .setFeatureSubsetStrategy(settings.featureSubsets())
        .setStepSize(settings.stepSize())
        .setSeed(settings.seed());
    return new Pipeline().setStages(new PipelineStage[] {assembler, classifier});
  }

  /** The fitted classifier's feature importances by feature, largest first (ties by name). */
  static Map<String, Double> importances(PipelineModel classifier, List<String> features) {
    Vector importance = ((GBTClassificationModel) classifier.stages()[classifier.stages().length - 1])
        .featureImportances();
    Map<String, Double> byFeature = new LinkedHashMap<>();
    IntStream.range(0, features.size()).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -importance.apply(i)).thenComparing(features::get))
        .forEach(i -> byFeature.put(features.get(i), importance.apply(i)));
    return byFeature;
  }

  /**
   * The classifier followed by its calibration: an isotonic regression of the classifier's
   * probability on the validation rows' labels, unweighted, into {@link Detector#CALIBRATED}. The
   * classifier's own probability is not one: its classes were weighted to balance, so it answers
   * "fraud or not, if both were equally common". The calibrated value is the share of the fraud type
   * among validation rows of that score (verifications of every label, or windows for pumping), so
   * it is as good as the validation days are like the scored ones; it is learned from rows the
   * classifier never saw, as the thresholds are.
   */
  private static PipelineModel calibrated(PipelineModel classifier, Dataset<Row> validationRows) {
    IsotonicRegression calibration = new IsotonicRegression()
        .setFeaturesCol("probability").setFeatureIndex(1)
        .setLabelCol("label")
        .setPredictionCol(Detector.CALIBRATED);
    return new Pipeline().setStages(new PipelineStage[] {classifier, calibration}).fit(validationRows);
  }

  /**
   * The threshold for {@link #THRESHOLD_MARGIN} of the target false-positive rate on the validation
   * rows, but never below {@link Thresholds#MINIMUM}. The margin is there because the next days are
   * not the validation days: a threshold set to spend the whole budget on them overspends it on
   * other traffic (measured in the model cards). The floor matters where nearly every legitimate
   * verification scores zero: the budget alone would put the threshold just above zero, and the
   * first unusual legitimate traffic elsewhere would be flagged.
   */
  private double threshold(Dataset<Row> scored, String column) {
    return Math.max(Thresholds.MINIMUM, DetectionMetrics.thresholdForFalsePositiveRate(scored, column, "positive",
        settings.targetFalsePositiveRate() * THRESHOLD_MARGIN));
  }

  /** Warnings for the card: a validation slice too small to tell the target rate from zero. */
  private List<String> warnings(DetectionMetrics combined, List<LocalDate> validationDays) {
    double expected = settings.targetFalsePositiveRate() * combined.negatives();
    if (expected >= MIN_EXPECTED_FALSE_POSITIVES) {
      return List.of();
    }
    return List.of(String.format(java.util.Locale.ROOT,
        "the validation days %s hold %,d legitimate verifications: a false-positive rate of %.4f is %.1f of them, "
            + "fewer than %d, so the threshold rests on too few to set that rate; the measured rate %.5f has a "
            + "95%% interval up to %.5f. Train on more days (the last third validates).",
        validationDays, combined.negatives(), settings.targetFalsePositiveRate(), expected,
        MIN_EXPECTED_FALSE_POSITIVES, combined.falsePositiveRate() == null ? 0.0 : combined.falsePositiveRate(),
        combined.falsePositiveRateHigh() == null ? 1.0 : combined.falsePositiveRateHigh()));
  }

  private Map<String, Object> parameters(double positiveWeight) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("classifier", "GBTClassifier");
    parameters.put("maxIter", settings.iterations());
    parameters.put("maxDepth", settings.depth());
    parameters.put("stepSize", settings.stepSize());
    parameters.put("seed", settings.seed());
    parameters.put("featureSubsetStrategy", settings.featureSubsets());
    parameters.put("positiveClassWeight", positiveWeight);
    parameters.put("calibration", "isotonic regression of the probability on the validation days' labels");
    parameters.put(ModelCard.MAX_MODEL_LIFT, MAX_MODEL_LIFT);
    return parameters;
  }

  /** Row count and the sum of the rows' 64-bit hashes: equal data gives equal fingerprints, in any order. */
  private static String fingerprint(Dataset<Row> rows, FraudType type) {
    Column[] all = Arrays.stream(rows.columns()).map(name -> col(name)).toArray(Column[]::new);
    Row row = rows.agg(count(lit(1)), sum(xxhash64(all).cast("decimal(38,0)"))).first();
    return "rows=" + row.getLong(0) + " xxhash64-sum=" + (row.isNullAt(1) ? "0" : row.get(1).toString());
  }

  private static String codeVersion() {
    String version = FraudType.class.getPackage().getImplementationVersion();
    return "flashguard " + (version == null ? "development build" : version) + ", Apache Spark "
        + org.apache.spark.package$.MODULE$.SPARK_VERSION();
  }
}
