package io.flashguard.jobs.cli;

import io.flashguard.jobs.console.DetectionText;
import io.flashguard.jobs.console.FlagCases;
import io.flashguard.jobs.detection.ScoreJob;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard score}: features, flags and burst alerts of a day or a range. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Compute features for --date or --from/--to, apply each fraud type's current model and rules "
        + "(rules alone where no model is promoted) and write features, window_features, flags and burst alerts.")
final class ScoreCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Mixin
  DateRange dates;

  @Option(names = "--top", defaultValue = "10", description = "Flagged cases to print (default: ${DEFAULT-VALUE}).")
  int top;

  @Override
  public Integer call() {
    SparkSession spark = common.session("score");
    common.requireWarehouse(spark);
    return common.locked(spark, RunIds.next(), "score", () -> {
      ScoreJob.Result result = new ScoreJob(spark, common.warehouse()).run(dates.first(), dates.last());
      System.out.print(DetectionText.detectors(result.detectors()));
      System.out.printf("flagged verifications: %s; burst alerts: %,d%n", result.flagged(), result.burstAlerts());
      System.out.print(FlagCases.render(spark, common.warehouse(), dates.first(), dates.last(), top));
      return 0;
    });
  }
}
