package io.flashguard.models.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Whether a model's calibrated probabilities hold on evaluated rows: the positives they expect
 * against the positives labelled, and the Brier score (mean squared difference between probability
 * and label; 0 is perfect, a constant guess at the base rate scores about that rate). The rows are
 * those of one fraud type's evaluation — its positives and the legitimate verifications — while
 * the calibration was fitted on every labelled row of the validation days, other fraud types
 * included, so the expectation leans slightly high where other frauds are common.
 *
 * @param rows evaluated rows with a probability
 * @param expectedPositives sum of the probabilities
 * @param positives rows labelled with the fraud type
 * @param brierScore mean of (probability − label)²
 */
public record Calibration(long rows, double expectedPositives, long positives, double brierScore) {

  /**
   * The calibration on {@code scored}, from its {@code probability} column and boolean
   * {@code positive} column; null when no row has a probability (no model, or one registered
   * without calibration).
   */
  public static Calibration of(Dataset<Row> scored, String probability, String positive) {
    Column label = when(col(positive), 1.0).otherwise(0.0);
    Row row = scored.where(col(probability).isNotNull())
        .agg(count(lit(1)), sum(col(probability)), sum(label), avg(pow(col(probability).minus(label), 2)))
        .first();
    if (row.getLong(0) == 0) {
      return null;
    }
    return new Calibration(row.getLong(0), row.getDouble(1), (long) row.getDouble(2), row.getDouble(3));
  }
}
