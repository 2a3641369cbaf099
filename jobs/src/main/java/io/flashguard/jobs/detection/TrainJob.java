package io.flashguard.jobs.detection;

import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.registry.ModelCard;
import io.flashguard.models.registry.ModelRegistry;
import io.flashguard.models.training.DetectorTrainer;
import io.flashguard.models.training.LabelledDays;
import io.flashguard.models.training.TrainingSettings;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * {@code flashguard train}: trains one fraud type's model on the warehouse's labelled days
 * {@code from..to} and registers it. Promoting it to the version scoring uses is a separate,
 * explicit step ({@link #promote}).
 */
public final class TrainJob {
  private final SparkSession spark;
  private final Warehouse warehouse;

  public TrainJob(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Trains, validates and registers; returns the new version's card. */
  public ModelCard run(TrainingSettings settings, LocalDate from, LocalDate to) {
    String name = settings.type().modelName();
    return JobGroup.run(spark, "train-" + name, "flashguard train " + name + " " + from + ".." + to + " " + settings,
        () -> {
          DetectionInputs inputs = DetectionInputs.compute(spark, warehouse, from, to);
          LabelledDays data = LabelledDays.attach(inputs.features(), inputs.windows(),
              DetectionInputs.currentLabels(spark, warehouse), inputs.days());
          DetectorTrainer.Trained trained = new DetectorTrainer(settings).train(data, ModelRegistry.newVersion());
          registry().register(settings.type(), trained.pipeline(), trained.card());
          return trained.card();
        });
  }

  /** Makes a registered version the one {@code score} uses. */
  public void promote(io.flashguard.models.FraudType type, String version) {
    registry().promote(type, version);
  }

  private ModelRegistry registry() {
    return new ModelRegistry(spark.sparkContext().hadoopConfiguration(), warehouse.root());
  }
}
