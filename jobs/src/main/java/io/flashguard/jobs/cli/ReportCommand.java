package io.flashguard.jobs.cli;

import io.flashguard.core.NothingToDoException;
import io.flashguard.core.tables.FeaturesTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.report.AlertWebhook;
import io.flashguard.jobs.report.ReportJob;
import java.net.URI;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code flashguard report}: the HTML route-quality report and the fraud case list of a day or a range. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write reports/D/route-quality.html (self-contained, opens offline) and reports/D/fraud-cases.csv "
        + "for --date or each day of --from/--to, from the tables metrics and score wrote. With --as-of, from the "
        + "tables as they were then, into reports/D/as-of-<time>/.")
final class ReportCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Mixin
  DateRange dates;

  @Mixin
  NotifyOption notify;

  @Mixin
  AsOfOption asOf;

  @Override
  public Integer call() {
    URI webhook = notify.webhook();
    SparkSession spark = common.session("report");
    common.requireWarehouse(spark);
    Warehouse warehouse = asOf.apply(common.warehouse());
    int written = 0;
    for (LocalDate day : WarehouseTable.days(dates.first(), dates.last())) {
      if (nothingFor(spark, warehouse, day)) {
        System.out.printf("%s: no route metrics and no scores, no report written%n", day);
        continue;
      }
      ReportJob.Result report = new ReportJob(spark, warehouse).run(day);
      System.out.println(describe(day, report));
      written++;
      if (webhook != null) {
        new AlertWebhook(webhook, System.err).notify(day, report);
      }
    }
    if (written == 0) {
      throw new NothingToDoException("nothing to report for " + dates.first() + ".." + dates.last() + " in "
          + warehouse.root() + ": no route metrics and no scores; `flashguard metrics` and `flashguard score` "
          + "(or `flashguard run`) compute them from ingested days");
    }
    return 0;
  }

  /** A day with neither route metrics nor scored verifications has nothing a report could show. */
  private static boolean nothingFor(SparkSession spark, Warehouse warehouse, LocalDate day) {
    return warehouse.read(spark, RouteMetricsTable.TABLE, day, day).isEmpty()
        && warehouse.read(spark, FeaturesTable.TABLE, day, day).isEmpty();
  }

  static String describe(LocalDate day, ReportJob.Result report) {
    return String.format(Locale.ROOT, "Report of %s: %s%n  %,d fraud case(s): %s; %,d alert(s)", day,
        report.html(), report.cases(), report.casesCsv(), report.alerts().size());
  }
}
