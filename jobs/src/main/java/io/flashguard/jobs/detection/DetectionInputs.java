package io.flashguard.jobs.detection;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.LabelsTable;
import io.flashguard.core.tables.VerificationEventsTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.LocalCheckpoint;
import io.flashguard.core.warehouse.SideBySide;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.features.VerificationFeatures;
import io.flashguard.models.features.WindowFeatures;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The features of some days, computed from the warehouse's attempts, events and CDR legs, as training,
 * scoring and evaluation all see them; and the warehouse's current labels.
 *
 * @param days the days of {@code from..to} that have attempts
 * @param stored the warehouse's dated reads the features are computed from, which size their shuffles
 *     ({@link io.flashguard.core.warehouse.ShufflePartitions}); none once the features are {@link #kept}
 */
public record DetectionInputs(Dataset<Row> features, Dataset<Row> windows, List<LocalDate> days,
    List<Dataset<Row>> stored) {

  public static DetectionInputs compute(SparkSession spark, Warehouse warehouse, LocalDate from, LocalDate to) {
    List<LocalDate> daysWithData = warehouse.dates(spark, AttemptsTable.TABLE);
    List<LocalDate> days = daysWithData.stream().filter(day -> !day.isBefore(from) && !day.isAfter(to)).toList();
    int lookback = Math.max(VerificationFeatures.LOOKBACK_DAYS, WindowFeatures.LOOKBACK_DAYS);
    Dataset<Row> history = warehouse.read(spark, AttemptsTable.TABLE, from.minusDays(lookback), to);
    Dataset<Row> events = warehouse.read(spark, VerificationEventsTable.TABLE,
        from.minusDays(1), to.plusDays(1));
    Dataset<Row> legs = warehouse.read(spark, CdrTable.TABLE, from.minusDays(1), to.plusDays(1));
    return new DetectionInputs(VerificationFeatures.compute(history, events, legs, from, to),
        WindowFeatures.compute(spark, history, daysWithData, from, to), days, List.of(history, events, legs));
  }

  /**
   * These inputs computed now and kept ({@link LocalCheckpoint}), for several jobs over the same days
   * — the demo trains, scores and evaluates on one computation; {@link #release} frees them. The
   * features and the window features are computed side by side ({@link SideBySide}).
   */
  public DetectionInputs kept() {
    List<Dataset<Row>> kept = SideBySide.each(List.of(features, windows), LocalCheckpoint::of);
    return new DetectionInputs(kept.get(0), kept.get(1), days, List.of());
  }

  /** Frees what {@link #kept} computed; nothing for inputs that were not kept. */
  public void release() {
    LocalCheckpoint.release(features);
    LocalCheckpoint.release(windows);
  }

  /**
   * The same inputs restricted to {@code from..to}: a day's features are the same rows whether
   * computed for it alone or among other days (its history and its events past midnight are read
   * either way).
   */
  public DetectionInputs on(LocalDate from, LocalDate to) {
    Column inRange = WarehouseTable.dateBetween(from, to);
    return new DetectionInputs(features.where(inRange), windows.where(inRange),
        days.stream().filter(day -> !day.isBefore(from) && !day.isAfter(to)).toList(), stored);
  }

  /** The latest decision on every labelled verification in the warehouse. */
  public static Dataset<Row> currentLabels(SparkSession spark, Warehouse warehouse) {
    return LabelsTable.current(warehouse.read(spark, LabelsTable.TABLE));
  }
}
