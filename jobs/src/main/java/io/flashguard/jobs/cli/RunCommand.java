package io.flashguard.jobs.cli;

import io.flashguard.jobs.metrics.RouteAlertsJob;
import io.flashguard.jobs.metrics.RouteMetricsJob;
import io.flashguard.jobs.run.DailyRun;
import io.flashguard.jobs.run.RunManifest;
import io.flashguard.jobs.run.RunSettings;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flashguard run}: what a scheduler calls every night. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Ingest the inputs, then for each day they hold (or each day of --from/--to) assemble attempts, "
        + "compute route metrics, alerts and recommendations, score with the current models (rules alone where none "
        + "is promoted) and write the day's report; days completed by an earlier run are skipped unless their data "
        + "changed or --force is given. Writes a manifest to runs/.")
final class RunCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Mixin
  IngestCommand.InputOptions inputs;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day to process (with --to).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last day to process, inclusive.")
  LocalDate to;

  @Mixin
  NotifyOption notify;

  @Option(names = "--force", description = "Redo days that an earlier run completed.")
  boolean force;

  @Option(names = "--min-calls", description = "See 'metrics --help'.")
  long minCalls = RouteMetricsJob.DEFAULT_MIN_CALLS;

  @Option(names = "--sms-cost", description = "See 'metrics --help'.")
  double smsCost = RouteAlertsJob.DEFAULT_SMS_COST;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String runId = RunIds.next();
    String command = "run " + NotifyOption.redacted(spec.commandLine().getParseResult().originalArgs());
    RunSettings settings = new RunSettings(inputs.settings(common, PseudonymKeys.fromEnvironment(), runId),
        from, to, force, minCalls, smsCost, command, notify.webhook());
    SparkSession spark = common.session("run");
    RunManifest.Document manifest = common.locked(spark, runId, "run",
        () -> new DailyRun(spark, settings).run(System.out));
    System.out.printf("run %s %s: %d day(s) processed, %d skipped; manifest %s/runs/%s.json%n", runId,
        manifest.outcome(), manifest.daysCompleted().size(), manifest.daysSkipped().size(),
        common.warehouse().root(), runId);
    return 0;
  }
}
