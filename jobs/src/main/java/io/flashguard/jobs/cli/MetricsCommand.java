package io.flashguard.jobs.cli;

import io.flashguard.core.NothingToDoException;
import io.flashguard.jobs.metrics.RouteAlertsJob;
import io.flashguard.jobs.metrics.RouteMetricsJob;
import io.flashguard.jobs.run.DayStages;
import io.flashguard.jobs.run.RunStage;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard metrics}: assemble attempts, then route metrics, for a day or a range. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Assemble attempts, compute route-quality metrics, degradation alerts and route "
        + "recommendations (docs/metrics.md) for --date or --from/--to.")
final class MetricsCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Mixin
  DateRange dates;

  @Option(names = "--min-calls",
      description = "Rates over fewer trials are shown as insufficient (default: ${DEFAULT-VALUE}).")
  long minCalls = RouteMetricsJob.DEFAULT_MIN_CALLS;

  @Option(names = "--sms-cost",
      description = "Price of the SMS fallback, for route recommendations (default: ${DEFAULT-VALUE}).")
  double smsCost = RouteAlertsJob.DEFAULT_SMS_COST;

  @Override
  public Integer call() {
    LocalDate first = dates.first();
    LocalDate last = dates.last();
    SparkSession spark = common.session("metrics");
    common.requireWarehouse(spark);
    return common.locked(spark, RunIds.next(), "metrics", () -> {
      DayStages stages = DayStages.unrecorded(spark, common.warehouse(), minCalls, smsCost, "metrics", System.out);
      if (stages.run(first, last, RunStage.ATTEMPTS, RunStage.ATTEMPTS, DayStages.NO_REPORTS).attempts() == 0) {
        throw new NothingToDoException("no verification events for " + first + ".." + last + " in "
            + common.warehouse().root() + ": ingest that day's files first (`flashguard ingest` or `flashguard run`)");
      }
      long alerts = stages.run(first, last, RunStage.ROUTE_METRICS, RunStage.ROUTE_ALERTS, DayStages.NO_REPORTS)
          .routeAlerts();
      System.out.printf("%,d degradation alert(s); route recommendations written in %s%n", alerts,
          common.warehouse().root());
      return 0;
    });
  }
}
