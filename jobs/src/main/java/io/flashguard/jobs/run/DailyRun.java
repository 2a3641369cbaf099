package io.flashguard.jobs.run;

import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.console.DetectionText;
import io.flashguard.jobs.ingest.FileCounts;
import io.flashguard.jobs.ingest.IngestJob;
import io.flashguard.jobs.ingest.IngestResult;
import io.flashguard.jobs.ingest.InputChecksums;
import io.flashguard.jobs.report.AlertWebhook;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The command a scheduler calls: ingest the inputs, then for the days they hold (or the days of the
 * range) assemble attempts, compute route metrics, degradation alerts and route recommendations,
 * score them with the current detectors (rules alone for a fraud type with no promoted model) and
 * write each day's report (and post its alerts when a webhook is set). A day an earlier successful
 * run completed is skipped unless this run's ingest changed its data or the run is forced. Each
 * stage runs once over every unbroken span of due days, so a table gets one commit per span rather
 * than one per day. A run may end after an earlier stage ({@link RunSettings#lastStage}); its days
 * are then not complete, and the next run does them again. Every run leaves a manifest in
 * {@code runs/}, failed runs too. The caller holds the warehouse lock.
 */
public final class DailyRun {
  private final SparkSession spark;
  private final RunSettings settings;

  public DailyRun(SparkSession spark, RunSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Runs every stage, printing one line per finished stage to {@code progress}. */
  public RunManifest.Document run(PrintStream progress) {
    Warehouse warehouse = settings.ingest().warehouse();
    RunManifest manifest = new RunManifest(settings.ingest().runId(), settings.command());
    DayStages stages = new DayStages(spark, warehouse, settings.minCalls(), settings.smsCost(), manifest, progress);
    try {
      IngestResult ingested = stages.timed("ingest", null,
          () -> new IngestJob(spark, settings.ingest()).run(),
          result -> result.files().stream().mapToLong(FileCounts::accepted).sum());
      progress.print(ingested.report());
      manifest.inputs(InputChecksums.of(spark, ingested.files().stream().map(FileCounts::file).toList()),
          ingested.files(), settings.ingest().pseudonymizer().keyId());

      List<LocalDate> due = new ArrayList<>();
      Set<LocalDate> completed = RunManifest.completedDays(spark.sparkContext().hadoopConfiguration(), warehouse);
      for (LocalDate day : days(ingested)) {
        boolean unchanged = ingested.changedRowsByDate().getOrDefault(day, 0L) == 0;
        if (!settings.force() && completed.contains(day) && unchanged) {
          manifest.skipped(day);
          progress.printf("%s: complete in an earlier run and unchanged, skipped (use --force to redo it)%n", day);
        } else {
          due.add(day);
        }
      }
      List<String> reports = new ArrayList<>();
      boolean describedDetectors = false;
      for (DayRange range : DayRange.spans(due)) {
        DayStages.Outcome done = stages.run(range.from(), range.to(), RunStage.ATTEMPTS, settings.lastStage(),
            (day, report) -> {
              reports.add(day + ": " + report.html());
              if (settings.notifyWebhook() != null) {
                new AlertWebhook(settings.notifyWebhook(), progress).notify(day, report);
              }
              manifest.completed(day);
            });
        if (done.scored() != null && !describedDetectors) {
          progress.print(DetectionText.detectors(done.scored().detectors()));
          describedDetectors = true;
        }
      }
      reports.forEach(report -> progress.println("Report of " + report));
      return manifest.write(spark.sparkContext().hadoopConfiguration(), warehouse, null);
    } catch (RuntimeException e) {
      manifest.write(spark.sparkContext().hadoopConfiguration(), warehouse,
          e.getMessage() == null ? e.getClass().getName() : e.getMessage());
      throw e;
    }
  }

  private List<LocalDate> days(IngestResult ingested) {
    if (settings.from() != null) {
      return WarehouseTable.days(settings.from(), settings.to());
    }
    return new ArrayList<>(ingested.changedRowsByDate().keySet());
  }
}
