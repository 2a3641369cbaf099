package io.flashguard.jobs.cli;

import io.flashguard.jobs.detection.TrainJob;
import io.flashguard.models.FraudType;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard promote}: make a registered model version the one scoring uses. */
@Command(name = "promote", mixinStandardHelpOptions = true,
    description = "Make a registered model version current (checks its files against its manifest first).")
final class PromoteCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--model", required = true, paramLabel = "NAME",
      description = "spoofed-cli, forwarding-hijack or pumping.")
  String model;

  // not --version: that is the standard option printing flashguard's version, and taking it over
  // would silently remove --help as well
  @Option(names = "--model-version", required = true, paramLabel = "VERSION",
      description = "A version under models/NAME/.")
  String version;

  @Override
  public Integer call() {
    FraudType type = FraudType.ofModelName(model);
    SparkSession spark = common.session("promote");
    return common.locked(spark, RunIds.next(), "promote", () -> {
      new TrainJob(spark, common.warehouse()).promote(type, version);
      System.out.printf("%s %s is now current%n", type.modelName(), version);
      return 0;
    });
  }
}
