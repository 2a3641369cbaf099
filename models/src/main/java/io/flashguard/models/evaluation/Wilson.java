package io.flashguard.models.evaluation;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * The Wilson score interval for a proportion (95%, z = 1.959964), which unlike the normal
 * approximation stays inside [0, 1] and behaves at rates near 0 and 1 and small counts: for route
 * rates and for a detector's false-positive rate on its validation days.
 */
public final class Wilson {
  public static final double Z = 1.959963984540054;

  private Wilson() {}

  /** {lower, upper} for {@code successes} out of {@code trials}; {0, 1} when there are no trials. */
  public static double[] interval(long successes, long trials) {
    if (trials == 0) {
      return new double[] {0, 1};
    }
    double n = trials;
    double p = successes / n;
    double z2 = Z * Z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /** The lower bound as a column; null when there are no trials. */
  public static Column lower(Column successes, Column trials) {
    return bound(successes, trials, -1);
  }

  /** The upper bound as a column; null when there are no trials. */
  public static Column upper(Column successes, Column trials) {
    return bound(successes, trials, 1);
  }

  private static Column bound(Column successes, Column trials, int sign) {
    Column n = trials.cast("double");
    Column p = successes.cast("double").divide(n);
    double z2 = Z * Z;
    Column denominator = lit(1).plus(lit(z2).divide(n));
    Column centre = p.plus(lit(z2).divide(n.multiply(2))).divide(denominator);
    Column half = lit(Z).multiply(sqrt(p.multiply(lit(1).minus(p)).divide(n)
        .plus(lit(z2).divide(n.multiply(n).multiply(4))))).divide(denominator);
    Column value = centre.plus(half.multiply(sign));
    Column clipped = sign < 0
        ? when(value.lt(0), lit(0.0)).otherwise(value)
        : when(value.gt(1), lit(1.0)).otherwise(value);
    return when(trials.gt(0), clipped);
  }
}
