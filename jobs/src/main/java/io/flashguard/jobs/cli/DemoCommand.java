package io.flashguard.jobs.cli;

import io.flashguard.core.BadInputException;
import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.console.DetectionText;
import io.flashguard.jobs.console.FlagCases;
import io.flashguard.jobs.console.RouteSummary;
import io.flashguard.jobs.detection.DetectionInputs;
import io.flashguard.jobs.detection.EvaluateJob;
import io.flashguard.jobs.detection.ScoreJob;
import io.flashguard.jobs.detection.TrainJob;
import io.flashguard.jobs.ingest.IngestSettings;
import io.flashguard.jobs.ingest.Pseudonymizer;
import io.flashguard.jobs.metrics.RouteAlertsJob;
import io.flashguard.jobs.metrics.RouteMetricsJob;
import io.flashguard.jobs.report.ReportJob;
import io.flashguard.jobs.run.DailyRun;
import io.flashguard.jobs.run.DayStages;
import io.flashguard.jobs.run.RunManifest;
import io.flashguard.jobs.run.RunSettings;
import io.flashguard.jobs.run.RunStage;
import io.flashguard.models.FraudType;
import io.flashguard.models.registry.ModelCard;
import io.flashguard.models.training.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard demo}: the whole pipeline on the bundled samples. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the daily pipeline (ingest, attempts, route metrics, scoring, reports) on the bundled "
        + "data-samples/, train the three fraud models on them, evaluate them on the held-out last day, print the top "
        + "cases and write each day's report with the models' flags; ends with the path of the last day's report.")
final class DemoCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--samples", paramLabel = "DIR",
      description = "Sample folder (default: data-samples/ of the flashguard checkout).")
  String samples;

  @Option(names = "--min-calls", description = "See 'metrics --help'.")
  long minCalls = RouteMetricsJob.DEFAULT_MIN_CALLS;

  @Option(names = "--sms-cost", description = "See 'metrics --help'.")
  double smsCost = RouteAlertsJob.DEFAULT_SMS_COST;

  @Override
  public Integer call() {
    String sampleDir = samples != null ? samples : defaultSamples();
    SparkSession spark = common.session("demo");
    Warehouse warehouse = common.warehouse();
    System.out.println("Using the built-in DEMO pseudonymisation key: it is public, so use it for the samples only.");

    String runId = RunIds.next();
    IngestSettings inputs = IngestSettings.sampleFolder(warehouse, Path.of(sampleDir), Pseudonymizer.demo(), runId);
    RunManifest.Document run = common.locked(spark, runId, "demo", () -> new DailyRun(spark,
        new RunSettings(inputs, null, null, true, minCalls, smsCost, "demo").until(RunStage.ROUTE_ALERTS))
        .run(System.out));

    // the days verifications started on: events of the last ones can spill past midnight
    List<LocalDate> days = warehouse.dates(spark, AttemptsTable.TABLE);
    if (days.isEmpty()) {
      throw new BadInputException("the samples in " + sampleDir + " hold no verification events");
    }
    LocalDate first = days.get(0);
    LocalDate last = days.get(days.size() - 1);
    long attempts = run.stages().stream().filter(stage -> stage.name().equals("attempts"))
        .mapToLong(RunManifest.Stage::rows).sum();
    System.out.printf("%nAssembled %,d verifications from %s to %s.%n%n", attempts, first, last);
    System.out.println(RouteSummary.render(spark, warehouse, last));

    DayStages stages = DayStages.unrecorded(spark, warehouse, minCalls, smsCost, "demo", System.out);
    // Train on the samples' days (the last one validates), score every day, then evaluate on the
    // validation day only: figures on training days would flatter the models. The three read the
    // same features, computed once.
    DetectionInputs features = DetectionInputs.compute(spark, warehouse, first, last).kept();
    EvaluateJob.Evaluation evaluation;
    try {
      common.locked(spark, RunIds.next(), "demo-detection", () -> {
        TrainJob trainer = new TrainJob(spark, warehouse);
        List<ModelCard> cards = trainer.run(Arrays.stream(FraudType.values()).map(TrainingSettings::defaults).toList(),
            first, last, features);
        for (ModelCard card : cards) {
          trainer.promote(FraudType.ofModelName(card.name()), card.version());
          System.out.print(DetectionText.modelCard(card));
        }
        ScoreJob.Result scored = stages.score(first, last, features);
        System.out.printf("%nScored %s..%s: flagged verifications %s, burst alerts %,d%n", first, last,
            scored.flagged(), scored.burstAlerts());
        return null;
      });
      evaluation = new EvaluateJob(spark, warehouse).run(last, last, DetectionInputs.currentLabels(spark, warehouse),
          "the samples' labels (validation day " + last + ", not used to fit the models)", features);
    } finally {
      features.release();
    }
    System.out.print(DetectionText.evaluation(evaluation));
    System.out.print(FlagCases.render(spark, warehouse, last, last, 5));

    // each day's report, with the flags of the models just trained
    Map<LocalDate, ReportJob.Result> reports = new TreeMap<>();
    stages.run(first, last, RunStage.REPORT, RunStage.REPORT, reports::put);
    ReportJob.Result report = reports.get(last);

    System.out.println("\nOutputs (Delta Lake tables, partitioned by date) are under " + Path.of(warehouse.root()).toAbsolutePath()
        + ": cdr, verification_events, attempts, route_metrics, alerts, features, window_features, flags, labels, "
        + "quarantine, ...; models under models/; this run's manifest is runs/" + runId + ".json.");
    System.out.println("Export one as CSV with: bin/flashguard export --table flags --out flags.csv");
    System.out.printf("%nThe route-quality report of %s (open it in a browser; it works offline):%n  %s%n"
        + "Its %,d ranked fraud case(s) for spreadsheets: %s%n", last, report.html(), report.cases(), report.casesCsv());
    return 0;
  }

  private static String defaultSamples() {
    String home = System.getenv("FLASHGUARD_HOME");
    Path dir = home != null ? Path.of(home, "data-samples") : Path.of("data-samples");
    if (!Files.isDirectory(dir)) {
      throw new BadInputException("no data-samples folder at " + dir.toAbsolutePath() + "; give --samples DIR");
    }
    return dir.toString();
  }
}
