package io.flashguard.jobs.detection;

import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.FraudType;
import io.flashguard.models.registry.ModelRegistry;
import io.flashguard.models.scoring.Detector;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The detectors scoring uses: each fraud type's current model with its rules, or its rules alone. */
public final class Detectors {
  private Detectors() {}

  public static List<Detector> current(SparkSession spark, Warehouse warehouse) {
    ModelRegistry registry = new ModelRegistry(spark.sparkContext().hadoopConfiguration(), warehouse.root());
    List<Detector> detectors = new ArrayList<>();
    for (FraudType type : FraudType.values()) {
      detectors.add(registry.current(type)
          .map(model -> Detector.withModel(type, model.pipeline(), model.version(), model.card().thresholds(),
              model.card().maxModelLift()))
          .orElseGet(() -> Detector.rulesOnly(type)));
    }
    return detectors;
  }

  /**
   * The current detectors, except that {@code type} uses its registered {@code version}: a
   * candidate scored before it is promoted. The version's files are verified as for scoring.
   */
  public static List<Detector> withCandidate(SparkSession spark, Warehouse warehouse, FraudType type,
      String version) {
    ModelRegistry registry = new ModelRegistry(spark.sparkContext().hadoopConfiguration(), warehouse.root());
    ModelRegistry.RegisteredModel candidate = registry.load(type, version);
    List<Detector> detectors = new ArrayList<>();
    for (Detector detector : current(spark, warehouse)) {
      detectors.add(detector.type() != type ? detector
          : Detector.withModel(type, candidate.pipeline(), candidate.version(), candidate.card().thresholds(),
              candidate.card().maxModelLift()));
    }
    return detectors;
  }
}
