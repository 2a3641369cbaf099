package io.flashguard.models.training;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.WindowFeaturesTable;
import io.flashguard.models.FraudType;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Features of some days with their labels: {@code attempts} are {@code features} rows with a
 * {@code label} column (null when unlabelled); {@code windows} are the range windows of
 * {@code window_features} with {@code labelled_members} and {@code pumping_share}, the share of
 * their labelled requests labelled pumping.
 */
public record LabelledDays(Dataset<Row> attempts, Dataset<Row> windows, List<LocalDate> days) {
  /** A window counts as pumping when at least this share of its labelled requests are. */
  public static final double PUMPING_WINDOW_SHARE = 0.5;

  /**
   * Attaches the labels to features and windows.
   *
   * @param labels current decisions: {@code verification_id, label}
   */
  public static LabelledDays attach(Dataset<Row> features, Dataset<Row> windows, Dataset<Row> labels,
      List<LocalDate> days) {
    Dataset<Row> decided = labels.select(col("verification_id"), col("label"));
    Dataset<Row> attempts = features.join(decided, new String[] {"verification_id"}, "left");
    Dataset<Row> membership = attempts.where(col("label").isNotNull()).groupBy(col("range_window_id").as("window_id"))
        .agg(count(lit(1)).as("labelled_members"),
            avg(when(col("label").equalTo(FraudType.PUMPING.label()), 1.0).otherwise(0.0)).as("pumping_share"));
    Dataset<Row> rangeWindows = windows.where(col("grain").equalTo(WindowFeaturesTable.RANGE))
        .join(membership, new String[] {"window_id"}, "left");
    return new LabelledDays(attempts, rangeWindows, List.copyOf(days));
  }

  /** The same data restricted to some of its days. */
  public LabelledDays on(List<LocalDate> some) {
    Object[] dates = some.stream().map(java.sql.Date::valueOf).toArray();
    return new LabelledDays(attempts.where(col("date").isin(dates)), windows.where(col("date").isin(dates)),
        List.copyOf(some));
  }
}
