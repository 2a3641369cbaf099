package io.flashguard.jobs.run;

import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.attempts.AttemptsJob;
import io.flashguard.jobs.detection.DetectionInputs;
import io.flashguard.jobs.detection.ScoreJob;
import io.flashguard.jobs.metrics.RouteAlertsJob;
import io.flashguard.jobs.metrics.RouteMetricsJob;
import io.flashguard.jobs.report.ReportJob;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.SparkSession;

/**
 * The stages that follow ingest, in their order ({@link RunStage}), over one unbroken span of days:
 * the one place that says which job follows which. The daily run goes through them for each span of
 * due days, {@code metrics} from attempts to route alerts, the demo through scoring and reports
 * once it has trained its models. Scoring runs once over the span; reports are made day by day. Every
 * stage is timed, recorded in the run's manifest and printed as one line.
 */
public final class DayStages {
  /** The share of calls without a CDR leg above which the attempts stage warns. */
  static final double UNLINKED_CALLS_WARNING = 0.05;

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final long minCalls;
  private final double smsCost;
  private final RunManifest manifest;
  private final PrintStream progress;

  /** What the stages that ran produced: row counts, -1 (or null) for a stage that did not run. */
  public record Outcome(long attempts, long routeMetrics, long routeAlerts, ScoreJob.Result scored) {}

  DayStages(SparkSession spark, Warehouse warehouse, long minCalls, double smsCost, RunManifest manifest,
      PrintStream progress) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.minCalls = minCalls;
    this.smsCost = smsCost;
    this.manifest = manifest;
    this.progress = progress;
  }

  /** For runs that end before the reports. */
  public static final BiConsumer<LocalDate, ReportJob.Result> NO_REPORTS = (day, report) -> { };

  /** Stages run outside a scheduled run ({@code metrics}, the demo's scoring): they leave no manifest. */
  public static DayStages unrecorded(SparkSession spark, Warehouse warehouse, long minCalls, double smsCost,
      String command, PrintStream progress) {
    return new DayStages(spark, warehouse, minCalls, smsCost, new RunManifest(null, command), progress);
  }

  /** Runs {@code first..last} over {@code from..to}; {@code afterReport} sees each day's report as it is made. */
  public Outcome run(LocalDate from, LocalDate to, RunStage first, RunStage last,
      BiConsumer<LocalDate, ReportJob.Result> afterReport) {
    DayRange range = new DayRange(from, to);
    long attempts = -1;
    long routeMetrics = -1;
    long routeAlerts = -1;
    ScoreJob.Result scored = null;
    if (runs(RunStage.ATTEMPTS, first, last)) {
      attempts = timed("attempts", range, () -> new AttemptsJob(spark, warehouse).run(from, to), Long::longValue);
      warnOfCallsWithoutLegs(from, to);
    }
    if (runs(RunStage.ROUTE_METRICS, first, last)) {
      routeMetrics = timed("route_metrics", range, () -> new RouteMetricsJob(spark, warehouse, minCalls).run(from, to),
          Long::longValue);
    }
    if (runs(RunStage.ROUTE_ALERTS, first, last)) {
      routeAlerts = timed("route_alerts", range,
          () -> new RouteAlertsJob(spark, warehouse, minCalls, smsCost).run(from, to), Long::longValue);
    }
    if (runs(RunStage.SCORE, first, last)) {
      scored = timed("score", range, () -> new ScoreJob(spark, warehouse).run(from, to), ScoreJob.Result::total);
    }
    if (runs(RunStage.REPORT, first, last)) {
      for (LocalDate day : range.days()) {
        ReportJob.Result report = timed("report", new DayRange(day, day), () -> new ReportJob(spark, warehouse).run(day),
            ReportJob.Result::cases);
        afterReport.accept(day, report);
      }
    }
    return new Outcome(attempts, routeMetrics, routeAlerts, scored);
  }

  /** The score stage of {@code from..to} on features already computed ({@link DetectionInputs#kept}). */
  public ScoreJob.Result score(LocalDate from, LocalDate to, DetectionInputs inputs) {
    return timed("score", new DayRange(from, to), () -> new ScoreJob(spark, warehouse).run(from, to, inputs),
        ScoreJob.Result::total);
  }

  /**
   * Says so when many calls found no CDR leg: without it a call has no alerting, diversion or
   * answer, and hijacks show little but the number's history.
   */
  private void warnOfCallsWithoutLegs(LocalDate from, LocalDate to) {
    AttemptsJob.CallLegs legs = new AttemptsJob(spark, warehouse).callLegs(from, to);
    if (legs.withoutLegShare() > UNLINKED_CALLS_WARNING) {
      progress.printf(Locale.ROOT, "warning: %,d of %,d calls (%.1f%%) found no CDR leg; a CALL_PLACED event finds it "
          + "by call_id, or by the CDR's verification_id, route and CLI (docs/input-formats.md)%n",
          legs.withoutLeg(), legs.calls(), 100.0 * legs.withoutLegShare());
    }
  }

  private static boolean runs(RunStage stage, RunStage first, RunStage last) {
    return first.compareTo(stage) <= 0 && stage.runsUntil(last);
  }

  /** Runs one stage, records and prints its rows and seconds, returns its result. */
  <T> T timed(String stage, DayRange days, Supplier<T> work, ToLongFunction<T> rows) {
    HeapPeak heap = HeapPeak.start();
    long started = System.nanoTime();
    T result = work.get();
    double seconds = (System.nanoTime() - started) / 1e9;
    long count = rows.applyAsLong(result);
    String label = days == null ? null : days.toString();
    manifest.stage(stage, label, count, seconds, heap.megabytes());
    progress.printf(Locale.ROOT, "%-14s %-10s %,12d rows %8.1f s%n", stage, label == null ? "" : label, count,
        seconds);
    return result;
  }
}
