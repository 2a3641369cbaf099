package io.flashguard.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flashguard.core.BadInputException;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.detection.DetectionInputs;
import io.flashguard.jobs.detection.EvaluateJob;
import io.flashguard.jobs.ingest.LabelFiles;
import io.flashguard.jobs.detection.Detectors;
import io.flashguard.models.FraudType;
import io.flashguard.models.evaluation.Calibration;
import io.flashguard.models.evaluation.DetectionMetrics;
import io.flashguard.models.scoring.Detector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
    Warehouse warehouse = asOf.apply(common.warehouse());
    Dataset<Row> decisions = labels.isEmpty() ? DetectionInputs.currentLabels(spark, warehouse)
        : LabelFiles.read(spark, labels);
    String source = labels.isEmpty() ? "warehouse labels" : String.join(", ", labels);
    List<Detector> detectors = candidateType == null ? Detectors.current(spark, warehouse)
        : Detectors.withCandidate(spark, warehouse, candidateType, version);
    EvaluateJob.Evaluation evaluation = new EvaluateJob(spark, warehouse)
        .run(dates.first(), dates.last(), decisions, source, detectors);
    System.out.print(render(evaluation));
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

  static String render(EvaluateJob.Evaluation evaluation) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Evaluation %s..%s against %s%n",
        evaluation.from(), evaluation.to(), evaluation.labels()));
    for (EvaluateJob.TypeEvaluation type : evaluation.fraudTypes()) {
      text.append(String.format(Locale.ROOT, "%s (%s)%n", type.fraudType(),
          type.modelVersion() == null ? "rules alone, no model promoted" : "model " + type.modelVersion()));
      for (Map.Entry<String, DetectionMetrics> entry : type.metrics().entrySet()) {
        text.append(line(entry.getKey(), entry.getValue()));
      }
      if (type.calibration() != null) {
        Calibration calibration = type.calibration();
        text.append(String.format(Locale.ROOT, "  calibration: the model's probabilities expect %,.1f %s among these "
            + "%,d, %,d are labelled so; Brier score %.4f%n", calibration.expectedPositives(), type.fraudType(),
            calibration.rows(), calibration.positives(), calibration.brierScore()));
      }
      text.append(errors("false positives", type.errors().falsePositives(), type.errors().falsePositivesBy()));
      text.append(errors("misses", type.errors().misses(), type.errors().missesBy()));
    }
    return text.toString();
  }

  /** Where one kind of error concentrates: per dimension, its most frequent values. */
  private static String errors(String kind, long count, List<EvaluateJob.Concentration> concentrations) {
    if (count == 0) {
      return String.format(Locale.ROOT, "  %s: none%n", kind);
    }
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "  %s (%,d), most by%n", kind, count));
    Map<String, List<EvaluateJob.Concentration>> byDimension = concentrations.stream()
        .collect(Collectors.groupingBy(EvaluateJob.Concentration::dimension, LinkedHashMap::new, Collectors.toList()));
    byDimension.forEach((dimension, top) -> text.append(String.format(Locale.ROOT, "    %-8s %s%n", dimension,
        top.stream().map(each -> String.format(Locale.ROOT, "%s (%,d)", each.value(), each.count()))
            .collect(Collectors.joining(", ")))));
    return text.toString();
  }

  static String line(String scorer, DetectionMetrics metrics) {
    return String.format(Locale.ROOT,
        "  %-9s positives %,6d  legit %,8d  PR-AUC %s  threshold %.4f  recall %s  precision %s  FPR %s (%,d; "
            + "95%% %s..%s)%n",
        scorer, metrics.positives(), metrics.negatives(), number(metrics.prAuc(), "%.3f"), metrics.threshold(),
        number(metrics.recall(), "%.3f"), number(metrics.precision(), "%.3f"),
        number(metrics.falsePositiveRate(), "%.5f"), metrics.falsePositives(),
        number(metrics.falsePositiveRateLow(), "%.5f"), number(metrics.falsePositiveRateHigh(), "%.5f"));
  }

  private static String number(Double value, String format) {
    return value == null ? "  n/a" : String.format(Locale.ROOT, format, value);
  }
}
