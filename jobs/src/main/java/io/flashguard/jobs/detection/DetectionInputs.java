package io.flashguard.jobs.detection;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.LabelsTable;
import io.flashguard.core.tables.VerificationEventsTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.features.VerificationFeatures;
import io.flashguard.models.features.WindowFeatures;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The features of some days, computed from the warehouse's attempts, events and CDR legs, as training,
 * scoring and evaluation all see them; and the warehouse's current labels.
 *
 * @param days the days of {@code from..to} that have attempts
 */
public record DetectionInputs(Dataset<Row> features, Dataset<Row> windows, List<LocalDate> days) {

  public static DetectionInputs compute(SparkSession spark, Warehouse warehouse, LocalDate from, LocalDate to) {
    List<LocalDate> daysWithData = warehouse.dates(spark, AttemptsTable.TABLE);
    List<LocalDate> days = daysWithData.stream().filter(day -> !day.isBefore(from) && !day.isAfter(to)).toList();
    int lookback = Math.max(VerificationFeatures.LOOKBACK_DAYS, WindowFeatures.LOOKBACK_DAYS);
    Dataset<Row> history = warehouse.read(spark, AttemptsTable.TABLE, from.minusDays(lookback), to);
    Dataset<Row> events = warehouse.read(spark, VerificationEventsTable.TABLE,
        from.minusDays(1), to.plusDays(1));
    Dataset<Row> legs = warehouse.read(spark, CdrTable.TABLE, from.minusDays(1), to.plusDays(1));
    return new DetectionInputs(VerificationFeatures.compute(history, events, legs, from, to),
        WindowFeatures.compute(spark, history, daysWithData, from, to), days);
  }

  /** The latest decision on every labelled verification in the warehouse. */
  public static Dataset<Row> currentLabels(SparkSession spark, Warehouse warehouse) {
    return LabelsTable.current(warehouse.read(spark, LabelsTable.TABLE));
  }
}
