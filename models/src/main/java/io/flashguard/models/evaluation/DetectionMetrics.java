package io.flashguard.models.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.flashguard.models.scoring.Thresholds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Quality of one score against labels, on rows of positives (this fraud type) and negatives
 * (legitimate verifications). Values that cannot be computed — PR-AUC without positives, precision
 * with nothing flagged — are null, never NaN.
 *
 * @param positives rows labelled with the fraud type
 * @param negatives rows labelled legitimate
 * @param prAuc area under the precision-recall curve (Spark's {@link BinaryClassificationEvaluator}:
 *     trapezoids between the curve's points, starting at recall 0 with the first point's precision)
 * @param threshold rows scoring at least this are flagged
 * @param truePositives flagged positives
 * @param falsePositives flagged negatives
 * @param precision truePositives / flagged
 * @param recall truePositives / positives
 * @param falsePositiveRate falsePositives / negatives
 * @param falsePositiveRateLow lower end of the false-positive rate's 95% Wilson interval
 * @param falsePositiveRateHigh upper end of that interval: with few negatives a rate of 0 can still
 *     mean a rate above the budget
 */
public record DetectionMetrics(long positives, long negatives, Double prAuc, double threshold, long truePositives,
    long falsePositives, Double precision, Double recall, Double falsePositiveRate, Double falsePositiveRateLow,
    Double falsePositiveRateHigh) {

  /**
   * The metrics of {@code scoreColumn} at {@code threshold}.
   *
   * @param rows one row per labelled item, with the score and a boolean {@code positiveColumn}
   */
  public static DetectionMetrics of(Dataset<Row> rows, String scoreColumn, String positiveColumn, double threshold) {
    Row counts = rows.agg(
        sum(when(col(positiveColumn), 1L).otherwise(0L)).as("positives"),
        sum(when(col(positiveColumn), 0L).otherwise(1L)).as("negatives"),
        sum(when(col(positiveColumn).and(col(scoreColumn).geq(threshold)), 1L).otherwise(0L)).as("tp"),
        sum(when(not(col(positiveColumn)).and(col(scoreColumn).geq(threshold)), 1L).otherwise(0L)).as("fp"))
        .first();
    long positives = counts.isNullAt(0) ? 0 : counts.getLong(0);
    long negatives = counts.isNullAt(1) ? 0 : counts.getLong(1);
    long truePositives = counts.isNullAt(2) ? 0 : counts.getLong(2);
    long falsePositives = counts.isNullAt(3) ? 0 : counts.getLong(3);
    Double prAuc = positives == 0 || negatives == 0 ? null : new BinaryClassificationEvaluator()
        .setMetricName("areaUnderPR").setRawPredictionCol("score_for_auc").setLabelCol("label_for_auc")
        .evaluate(rows.select(col(scoreColumn).cast("double").as("score_for_auc"),
            when(col(positiveColumn), 1.0).otherwise(0.0).as("label_for_auc")));
    double[] interval = Wilson.interval(falsePositives, negatives);
    return new DetectionMetrics(positives, negatives, prAuc, threshold, truePositives, falsePositives,
        ratio(truePositives, truePositives + falsePositives), ratio(truePositives, positives),
        ratio(falsePositives, negatives), negatives == 0 ? null : interval[0], negatives == 0 ? null : interval[1]);
  }

  /**
   * The lowest threshold at which at most {@code targetRate} of the negatives are flagged: just
   * above the score of the negative ranked {@code floor(targetRate × negatives) + 1}. Zero when
   * there are too few negatives to exceed the budget.
   */
  public static double thresholdForFalsePositiveRate(Dataset<Row> rows, String scoreColumn, String positiveColumn,
      double targetRate) {
    long negatives = rows.where(not(col(positiveColumn))).count();
    long allowed = (long) Math.floor(targetRate * negatives);
    List<Row> highest = rows.where(not(col(positiveColumn))).select(col(scoreColumn).cast("double").as(scoreColumn))
        .orderBy(desc(scoreColumn)).limit((int) Math.min(Integer.MAX_VALUE, allowed + 1)).collectAsList();
    if (highest.size() <= allowed) {
      return 0.0;
    }
    return Math.nextUp(highest.get(highest.size() - 1).getDouble(0));
  }

  /**
   * The metrics of each scorer at its own threshold: {@code rules} ({@code rule_score}), and with
   * a model also {@code model} ({@code model_score}) and {@code combined} ({@code score}).
   */
  public static Map<String, DetectionMetrics> byScorer(Dataset<Row> rows, String positiveColumn,
      Thresholds thresholds, boolean withModel) {
    Map<String, DetectionMetrics> metrics = new LinkedHashMap<>();
    metrics.put("rules", of(rows, "rule_score", positiveColumn, thresholds.rules()));
    if (withModel) {
      metrics.put("model", of(rows, "model_score", positiveColumn, thresholds.model()));
      metrics.put("combined", of(rows, "score", positiveColumn, thresholds.combined()));
    }
    return metrics;
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : (double) numerator / denominator;
  }
}
