package io.flashguard.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.testing.SparkTestBase;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class WilsonTest extends SparkTestBase {

  @Test
  void halfOfAHundredGivesTheTextbookInterval() {
    // p = 0.5, n = 100: centre 0.5, half-width 1.96 * sqrt(0.0025 + 3.8415/40000) / 1.038415 = 0.09617
    double[] interval = Wilson.interval(50, 100);
    assertThat(interval[0]).as("lower bound").isCloseTo(0.40383, within(1e-5));
    assertThat(interval[1]).as("upper bound").isCloseTo(0.59617, within(1e-5));
  }

  @Test
  void noSuccessesStillGivesANonZeroUpperBound() {
    // k = 0: upper = (z²/n) / (1 + z²/n) = 0.38415 / 1.38415 = 0.27753 for n = 10
    double[] interval = Wilson.interval(0, 10);
    assertThat(interval[0]).as("lower bound").isEqualTo(0.0);
    assertThat(interval[1]).as("upper bound").isCloseTo(0.27753, within(1e-5));
  }

  @Test
  void allSuccessesMirrorNoSuccesses() {
    double[] interval = Wilson.interval(10, 10);
    assertThat(interval[0]).as("lower bound").isCloseTo(1 - 0.27753, within(1e-5));
    assertThat(interval[1]).as("upper bound").isCloseTo(1.0, within(1e-12));
  }

  @Test
  void sparkColumnsAgreeWithTheJavaFormula() {
    Row bounds = spark.sql("select 37L as k, 241L as n")
        .select(Wilson.lower(org.apache.spark.sql.functions.col("k"), org.apache.spark.sql.functions.col("n")),
            Wilson.upper(org.apache.spark.sql.functions.col("k"), org.apache.spark.sql.functions.col("n")))
        .first();
    double[] expected = Wilson.interval(37, 241);
    assertThat(bounds.getDouble(0)).as("lower bound in Spark").isCloseTo(expected[0], within(1e-12));
    assertThat(bounds.getDouble(1)).as("upper bound in Spark").isCloseTo(expected[1], within(1e-12));
  }

  @Test
  void sparkColumnsAreNullWithoutTrials() {
    Row bounds = spark.sql("select 0L as k, 0L as n")
        .select(Wilson.lower(org.apache.spark.sql.functions.col("k"), org.apache.spark.sql.functions.col("n")))
        .first();
    assertThat(bounds.isNullAt(0)).as("no interval over zero trials").isTrue();
  }
}
