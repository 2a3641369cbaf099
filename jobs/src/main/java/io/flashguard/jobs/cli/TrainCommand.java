package io.flashguard.jobs.cli;

import io.flashguard.jobs.console.DetectionText;
import io.flashguard.jobs.detection.TrainJob;
import io.flashguard.models.FraudType;
import io.flashguard.models.registry.ModelCard;
import io.flashguard.models.training.TrainingSettings;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard train}: train, validate and register fraud types' models. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model on the warehouse's labelled days --from..--to (earlier days train, the last "
        + "third validates), choose its thresholds on the validation days and register it under models/. "
        + "Scoring keeps using the current version until you promote the new one (--promote or 'promote'). "
        + "Several models named at once share one computation of the features and train side by side.")
final class TrainCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Mixin
  DateRange dates;

  @Option(names = "--model", required = true, paramLabel = "NAME", split = ",",
      description = "spoofed-cli, forwarding-hijack or pumping; several, comma-separated (or repeated).")
  List<String> models;

  @Option(names = "--target-fpr", defaultValue = "0.001",
      description = "Share of legitimate validation verifications the thresholds may flag (default: ${DEFAULT-VALUE}).")
  double targetFpr;

  @Option(names = "--promote", description = "Make the new version current right away.")
  boolean promote;

  @Override
  public Integer call() {
    List<TrainingSettings> settings = models.stream().distinct().map(FraudType::ofModelName)
        .map(type -> TrainingSettings.defaults(type).withTargetFalsePositiveRate(targetFpr)).toList();
    SparkSession spark = common.session("train");
    common.requireWarehouse(spark);
    return common.locked(spark, RunIds.next(), "train", () -> {
      TrainJob job = new TrainJob(spark, common.warehouse());
      for (ModelCard card : job.run(settings, dates.first(), dates.last())) {
        System.out.print(DetectionText.modelCard(card));
        if (promote) {
          job.promote(FraudType.ofModelName(card.name()), card.version());
          System.out.printf("promoted: %s %s is now current%n", card.name(), card.version());
        } else {
          System.out.printf("not promoted; make it current with: bin/flashguard promote --model %s --model-version %s%n",
              card.name(), card.version());
        }
      }
      return 0;
    });
  }
}
