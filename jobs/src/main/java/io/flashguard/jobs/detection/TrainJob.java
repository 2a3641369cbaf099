package io.flashguard.jobs.detection;

import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.LocalCheckpoint;
import io.flashguard.core.warehouse.SideBySide;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.models.FraudType;
import io.flashguard.models.registry.ModelCard;
import io.flashguard.models.registry.ModelRegistry;
import io.flashguard.models.training.DetectorTrainer;
import io.flashguard.models.training.LabelledDays;
import io.flashguard.models.training.TrainingSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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
    return run(List.of(settings), from, to).get(0);
  }

  /**
   * Trains, validates and registers one model per settings on the same days, computing their
   * features once; returns the new versions' cards in the same order.
   */
  public List<ModelCard> run(List<TrainingSettings> models, LocalDate from, LocalDate to) {
    return run(models, from, to, () -> DetectionInputs.compute(spark, warehouse, from, to));
  }

  /** As {@link #run(List, LocalDate, LocalDate)}, on features already computed for {@code from..to}. */
  public List<ModelCard> run(List<TrainingSettings> models, LocalDate from, LocalDate to, DetectionInputs computed) {
    return run(models, from, to, () -> computed.on(from, to));
  }

  private List<ModelCard> run(List<TrainingSettings> models, LocalDate from, LocalDate to,
      Supplier<DetectionInputs> source) {
    String names = models.stream().map(settings -> settings.type().modelName()).collect(Collectors.joining(","));
    return JobGroup.run(spark, "train-" + names, "flashguard train " + names + " " + from + ".." + to + " " + models,
        () -> {
          DetectionInputs inputs = source.get();
          DetectorTrainer.requireTwoDays(names, inputs.days()); // before the features are computed (unless given)
          LabelledDays data = LabelledDays.attach(inputs.features(), inputs.windows(),
              DetectionInputs.currentLabels(spark, warehouse), inputs.days());
          // every model reads the same features several times (training, validation, fingerprints),
          // and every one of GBT's tasks would deserialize the plan behind them (LocalCheckpoint)
          LabelledDays cached = new LabelledDays(LocalCheckpoint.of(data.attempts()), LocalCheckpoint.of(data.windows()),
              data.days());
          try {
            // one thread per model: see SideBySide for why
            return SideBySide.each(models, settings -> {
              DetectorTrainer.Trained trained = new DetectorTrainer(settings).train(cached, ModelRegistry.newVersion());
              registry().register(settings.type(), trained.pipeline(), trained.card());
              return trained.card();
            });
          } finally {
            LocalCheckpoint.release(cached.attempts());
            LocalCheckpoint.release(cached.windows());
          }
        });
  }

  /** Makes a registered version the one {@code score} uses. */
  public void promote(FraudType type, String version) {
    registry().promote(type, version);
  }

  private ModelRegistry registry() {
    return new ModelRegistry(spark.sparkContext().hadoopConfiguration(), warehouse.root());
  }
}
