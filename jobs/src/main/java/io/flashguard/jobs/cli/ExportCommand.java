package io.flashguard.jobs.cli;

import io.flashguard.jobs.export.CsvExport;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard export}: one table to one CSV file. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a warehouse table to CSV (all dates unless --date).")
final class ExportCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--table", required = true, description = "Table name, e.g. route_metrics.")
  String table;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Only this day.")
  LocalDate date;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
  String out;

  @Override
  public Integer call() {
    long rows = new CsvExport(common.session("export"), common.warehouse()).export(table, date, out);
    System.out.printf("exported %,d rows of %s to %s%n", rows, table, out);
    return 0;
  }
}
