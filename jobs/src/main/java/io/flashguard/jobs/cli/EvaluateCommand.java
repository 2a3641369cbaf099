package io.flashguard.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flashguard.core.BadInputException;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.console.DetectionText;
import io.flashguard.jobs.detection.DetectionInputs;
import io.flashguard.jobs.detection.EvaluateJob;
import io.flashguard.jobs.ingest.LabelFiles;
import io.flashguard.jobs.detection.Detectors;
import io.flashguard.models.FraudType;
import io.flashguard.models.scoring.Detector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard evaluate}: precision, recall, PR-AUC and false-positive rate per fraud type. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score --from..--to with the current models and rules and compare with labels: per fraud type, "
        + "rules alone, model alone and combined. Evaluate on days the models were not trained on.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Mixin
  AsOfOption asOf;

  @Mixin
  DateRange dates;

  @Option(names = "--labels", paramLabel = "PATH",
      description = "Labels file(s) (docs/input-formats.md); default: the warehouse's labels. Repeatable.")
  List<String> labels = List.of();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the evaluation as JSON to FILE.")
  Path json;

  @Option(names = "--model", paramLabel = "NAME",
      description = "With --model-version: evaluate this registered version of the model instead of its current one "
          + "(spoofed-cli, forwarding-hijack, pumping); the other fraud types use their current models.")
  String model;

  // not --version: that is the standard option printing flashguard's version, and taking it over
  // would silently remove --help as well
  @Option(names = "--model-version", paramLabel = "VERSION",
      description = "The registered version of --model to evaluate, e.g. a candidate before promotion.")
  String version;

  @Override
  public Integer call() {
    if ((model == null) != (version == null)) {
      throw new BadInputException("--model and --model-version go together: name the model and the registered version "
          + "to evaluate (bin/flashguard train prints it)");
    }
    FraudType candidateType = model == null ? null : FraudType.ofModelName(model);
    SparkSession spark = common.session("evaluate");
    common.requireWarehouse(spark);
    Warehouse warehouse = asOf.apply(common.warehouse());
    Dataset<Row> decisions = labels.isEmpty() ? DetectionInputs.currentLabels(spark, warehouse)
        : LabelFiles.read(spark, labels);
    String source = labels.isEmpty() ? "warehouse labels" : String.join(", ", labels);
    List<Detector> detectors = candidateType == null ? Detectors.current(spark, warehouse)
        : Detectors.withCandidate(spark, warehouse, candidateType, version);
    EvaluateJob.Evaluation evaluation = new EvaluateJob(spark, warehouse)
        .run(dates.first(), dates.last(), decisions, source, detectors);
    System.out.print(DetectionText.evaluation(evaluation));
    if (json != null) {
      try {
        Files.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(evaluation));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + json, e);
      }
      System.out.println("written: " + json);
    }
    return 0;
  }
}
