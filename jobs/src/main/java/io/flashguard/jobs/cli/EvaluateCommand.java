package io.flashguard.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flashguard.jobs.detection.DetectionInputs;
import io.flashguard.jobs.detection.EvaluateJob;
import io.flashguard.jobs.ingest.LabelFiles;
import io.flashguard.models.evaluation.DetectionMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  DateRange dates;

  @Option(names = "--labels", paramLabel = "PATH",
      description = "Labels file(s) (SPEC §2.4); default: the warehouse's labels. Repeatable.")
  List<String> labels = List.of();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the evaluation as JSON to FILE.")
  Path json;

  @Override
  public Integer call() {
    SparkSession spark = common.session("evaluate");
    Dataset<Row> decisions = labels.isEmpty() ? DetectionInputs.currentLabels(spark, common.warehouse())
        : LabelFiles.read(spark, labels);
    String source = labels.isEmpty() ? "warehouse labels" : String.join(", ", labels);
    EvaluateJob.Evaluation evaluation = new EvaluateJob(spark, common.warehouse())
        .run(dates.first(), dates.last(), decisions, source);
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
    }
    return text.toString();
  }

  static String line(String scorer, DetectionMetrics metrics) {
    return String.format(Locale.ROOT,
        "  %-9s positives %,6d  legit %,8d  PR-AUC %s  threshold %.4f  recall %s  precision %s  FPR %s (%,d)%n",
        scorer, metrics.positives(), metrics.negatives(), number(metrics.prAuc(), "%.3f"), metrics.threshold(),
        number(metrics.recall(), "%.3f"), number(metrics.precision(), "%.3f"),
        number(metrics.falsePositiveRate(), "%.5f"), metrics.falsePositives());
  }

  private static String number(Double value, String format) {
    return value == null ? "  n/a" : String.format(Locale.ROOT, format, value);
  }
}
