package io.flashguard.jobs.detection;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import io.flashguard.core.tables.AlertsTable;
import io.flashguard.core.tables.FeaturesTable;
import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.tables.WindowFeaturesTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.LocalCheckpoint;
import io.flashguard.core.warehouse.ShufflePartitions;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.scoring.Detector;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code flashguard score}: computes the features of some days, publishes them, applies every
 * fraud type's current detector and publishes {@code flags} and the burst alerts of {@code alerts}.
 *
 * <p>{@code flags} keeps, per fraud type, every flagged verification or window and the unflagged
 * ones whose score reached half the threshold (near misses an analyst may want to see).
 */
public final class ScoreJob {
  private final SparkSession spark;
  private final Warehouse warehouse;

  public ScoreJob(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** What scoring found: flagged rows per fraud type, burst alerts, and the detectors used. */
  public record Result(Map<String, Long> flagged, long burstAlerts, List<Detector> detectors) {
    public long total() {
      return flagged.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public Result run(LocalDate from, LocalDate to) {
    return run(from, to, () -> DetectionInputs.compute(spark, warehouse, from, to));
  }

  /** Scores {@code from..to} on features already computed for those days ({@link DetectionInputs#kept}). */
  public Result run(LocalDate from, LocalDate to, DetectionInputs computed) {
    return run(from, to, () -> computed.on(from, to));
  }

  private Result run(LocalDate from, LocalDate to, Supplier<DetectionInputs> source) {
    return JobGroup.run(spark, "score-" + from + "-" + to, "flashguard score " + from + ".." + to, () -> {
      DetectionInputs inputs = source.get();
      // the features' query shuffles the attempts of the days and of their history, with their calls;
      // sized by the tables it reads, as planning the query itself lists each of its scans' files
      return ShufflePartitions.sizedBy(spark, () -> score(from, to, inputs),
          inputs.stored().toArray(Dataset[]::new));
    });
  }

  /**
   * Publishes the features straight from their query and scores the rows published, read back with
   * only the columns each detector reads. Kept on the executors instead (a local checkpoint), a day
   * of 10 million verifications' features, some 80 columns, were 2.4 GB of rows beside a 4 GiB heap,
   * read whole once to be published and once more by every detector; this way {@code score} took
   * 0.89x the time at that size, and the same at 1 million (docs/benchmarks.md, "the features read
   * back from their table"). The window features, a few rows per app and range, are kept.
   */
  private Result score(LocalDate from, LocalDate to, DetectionInputs inputs) {
    List<LocalDate> days = WarehouseTable.days(from, to);
    warehouse.publish(spark, FeaturesTable.TABLE, inputs.features(), days);
    Dataset<Row> features = warehouse.read(spark, FeaturesTable.TABLE, from, to);
    Dataset<Row> windows = LocalCheckpoint.of(inputs.windows());
    List<Dataset<Row>> scored = new ArrayList<>();
    try {
      warehouse.publish(spark, WindowFeaturesTable.TABLE, windows, days);
      List<Detector> detectors = Detectors.current(spark, warehouse);
      Dataset<Row> flags = null;
      Dataset<Row> burstWindows = null;
      for (Detector detector : detectors) {
        Dataset<Row> rows;
        if (detector.type().windowLevel()) {
          Dataset<Row> scoredWindows = detector.scoreWindows(windows).persist();
          scored.add(scoredWindows);
          rows = flagRows(detector, detector.inherit(features, scoredWindows))
              .unionByName(flagRows(detector, asFlagSubjects(scoredWindows)));
          burstWindows = scoredWindows.where(col("flagged"));
        } else {
          rows = flagRows(detector, detector.scoreAttempts(features, windows));
        }
        flags = flags == null ? rows : flags.unionByName(rows);
      }
      flags = flags.persist();
      warehouse.publish(spark, FlagsTable.TABLE, flags, days);
      Map<String, Long> flagged = new LinkedHashMap<>();
      detectors.forEach(detector -> flagged.put(detector.type().label(), 0L));
      flags.where(col("flagged").and(col("verification_id").isNotNull())).groupBy("fraud_type").count()
          .collectAsList().forEach(row -> flagged.put(row.getString(0), row.getLong(1)));
      flags.unpersist();
      Dataset<Row> alerts = burstAlerts(burstWindows).persist();
      long alertCount = alerts.count();
      warehouse.publishOwned(spark, AlertsTable.TABLE, alerts, days,
          col("alert_type").equalTo(AlertsTable.BURST));
      alerts.unpersist();
      return new Result(flagged, alertCount, detectors);
    } finally {
      LocalCheckpoint.release(windows);
      scored.forEach(Dataset::unpersist);
    }
  }

  private static Dataset<Row> flagRows(Detector detector, Dataset<Row> scored) {
    return keep(detector, scored).select(col("verification_id"), col("window_id"),
        lit(detector.type().label()).as("fraud_type"), col("score"), col("rule_score"), col("model_score"),
        lit(detector.threshold()).as("threshold"), col("flagged"), col("reasons"),
        modelName(detector), lit(detector.modelVersion().orElse(null)).cast("string").as("model_version"),
        col("app_id"), col("phone_country"), col("route_id"), col("first_event_time").as("event_time"),
        col(WarehouseTable.DATE));
  }

  /** Scored windows in the shape of scored verifications: no verification, no route, the window's start. */
  private static Dataset<Row> asFlagSubjects(Dataset<Row> scoredWindows) {
    return scoredWindows
        .withColumn("verification_id", lit(null).cast("string"))
        .withColumn("route_id", lit(null).cast("string"))
        .withColumn("first_event_time", col("window_start"));
  }

  private static Dataset<Row> keep(Detector detector, Dataset<Row> scored) {
    return scored.where(col("flagged").or(col("score").gt(0).and(col("score").geq(detector.threshold() / 2))));
  }

  private static Column modelName(Detector detector) {
    return lit(detector.modelVersion().isPresent() ? detector.type().modelName() : null).cast("string").as("model_name");
  }

  /** One alert per flagged pumping window: its requests against its baseline, with its strongest reason. */
  private static Dataset<Row> burstAlerts(Dataset<Row> flaggedWindows) {
    Column ratio = col("volume_ratio");
    return flaggedWindows.select(lit(AlertsTable.BURST).as("alert_type"), col("window_id").as("subject"),
        lit(null).cast("string").as("route_id"), col("phone_country").as("country"), lit("requests").as("metric"),
        col("requests").cast("double").as("value"), lit(null).cast("double").as("value_lo"),
        lit(null).cast("double").as("value_hi"), col("requests").as("trials"),
        col("baseline_median").as("baseline"), lit(null).cast("double").as("baseline_lo"),
        col("baseline_median").plus(col("baseline_mad").multiply(1.4826)).as("baseline_hi"),
        lit(null).cast("long").as("baseline_trials"), col("baseline_periods").as("baseline_days"),
        when(ratio.geq(50).or(col("requests").geq(500)), "critical").when(ratio.geq(10), "major")
            .otherwise("minor").as("severity"),
        coalesce(try_element_at(col("reasons"), lit(1)), lit("pumping window")).as("detail"), col(WarehouseTable.DATE));
  }
}
