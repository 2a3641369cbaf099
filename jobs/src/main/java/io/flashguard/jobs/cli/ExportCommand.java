package io.flashguard.jobs.cli;

import io.flashguard.core.warehouse.AsOf;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.export.CsvExport;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard export}: one table to one CSV file. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a warehouse table to CSV (all dates unless --date; its latest version unless --as-of).")
final class ExportCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--table", required = true, description = "Table name, e.g. route_metrics.")
  String table;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Only this day.")
  LocalDate date;

  @Option(names = "--as-of", paramLabel = "VERSION|TIME",
      description = "The table as it was at this version (see 'history') or UTC time, e.g. 2026-11-25T06:00:00Z.")
  String asOf;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
  String out;

  @Override
  public Integer call() {
    Warehouse warehouse = asOf == null ? common.warehouse() : common.warehouse().asOf(AsOf.parse(asOf));
    long rows = new CsvExport(common.session("export"), warehouse).export(table, date, out);
    System.out.printf("exported %,d rows of %s%s to %s%n", rows, table,
        warehouse.asOf() == null ? "" : " as of " + warehouse.asOf(), out);
    return 0;
  }
}
