package io.flashguard.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Evaluation arithmetic on a hand-computed example. */
class DetectionMetricsTest extends SparkTestBase {
  /** Scores 0.9 P, 0.8 N, 0.7 P, 0.6 N, 0.5 P. */
  private Dataset<Row> example() {
    StructType schema = new StructType().add("score", DataTypes.DoubleType).add("positive", DataTypes.BooleanType);
    return spark.createDataFrame(List.of(RowFactory.create(0.9, true), RowFactory.create(0.8, false),
        RowFactory.create(0.7, true), RowFactory.create(0.6, false), RowFactory.create(0.5, true)), schema);
  }

  @Test
  void countsAndRatesAtAThreshold() {
    DetectionMetrics metrics = DetectionMetrics.of(example(), "score", "positive", 0.65);
    assertThat(metrics.positives()).as("positives").isEqualTo(3);
    assertThat(metrics.negatives()).as("negatives").isEqualTo(2);
    assertThat(metrics.truePositives()).as("0.9 and 0.7").isEqualTo(2);
    assertThat(metrics.falsePositives()).as("0.8").isEqualTo(1);
    assertThat(metrics.precision()).as("2 of 3 flagged").isCloseTo(2 / 3.0, within(1e-12));
    assertThat(metrics.recall()).as("2 of 3 positives").isCloseTo(2 / 3.0, within(1e-12));
    assertThat(metrics.falsePositiveRate()).as("1 of 2 negatives").isCloseTo(0.5, within(1e-12));
  }

  @Test
  void prAucIsTheTrapezoidAreaUnderThePrecisionRecallPoints() {
    // points (recall, precision): (0, 1) (1/3, 1) (1/3, 1/2) (2/3, 2/3) (2/3, 1/2) (1, 3/5)
    double expected = (1 / 3.0) * 1 + (1 / 3.0) * (0.5 + 2 / 3.0) / 2 + (1 / 3.0) * (0.5 + 0.6) / 2;
    assertThat(DetectionMetrics.of(example(), "score", "positive", 0.5).prAuc()).as("PR-AUC")
        .isCloseTo(expected, within(1e-9));
  }

  @Test
  void thresholdForAFalsePositiveBudgetLiesJustAboveTheFirstNegativeOverBudget() {
    double half = DetectionMetrics.thresholdForFalsePositiveRate(example(), "score", "positive", 0.5);
    assertThat(half).as("one of two negatives may be flagged: just above 0.6").isEqualTo(Math.nextUp(0.6));
    double none = DetectionMetrics.thresholdForFalsePositiveRate(example(), "score", "positive", 0.0);
    assertThat(none).as("no negative may be flagged: just above 0.8").isEqualTo(Math.nextUp(0.8));
    assertThat(DetectionMetrics.of(example(), "score", "positive", none).falsePositives()).as("at that threshold")
        .isZero();
  }

  @Test
  void undefinedValuesAreNullNotNaN() {
    DetectionMetrics metrics = DetectionMetrics.of(example().where("NOT positive"), "score", "positive", 0.95);
    assertThat(metrics.prAuc()).as("no positives: no PR curve").isNull();
    assertThat(metrics.recall()).as("no positives").isNull();
    assertThat(metrics.precision()).as("nothing flagged").isNull();
    assertThat(metrics.falsePositiveRate()).as("none of 2").isEqualTo(0.0);
  }
}
