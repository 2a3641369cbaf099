package io.flashguard.jobs.cli;

import io.flashguard.core.BadInputException;
import io.flashguard.core.tables.Tables;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard history}: the commits of one table, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "List the latest commits of a warehouse table, newest first: version, time (UTC), operation, the "
        + "run that made it, the dates it replaced and the rows it wrote. Give a version or time to 'export --as-of', "
        + "'report --as-of' or 'evaluate --as-of' to read the tables as they were (docs/operations.md).")
final class HistoryCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--table", required = true, description = "Table name, e.g. flags.")
  String table;

  @Option(names = "--limit", defaultValue = "20", description = "Commits to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new BadInputException("--limit must be at least 1, got " + limit);
    }
    SparkSession spark = common.session("history");
    System.out.printf("%7s  %-24s  %-13s  %-28s  %12s  %s%n", "version", "time (UTC)", "operation", "run",
        "rows written", "replaced");
    for (Row commit : common.warehouse().history(spark, Tables.named(table), limit).collectAsList()) {
      System.out.printf("%7d  %-24s  %-13s  %-28s  %12s  %s%n", commit.getLong(0), commit.getTimestamp(1).toInstant(),
          commit.getString(2), commit.isNullAt(3) ? "-" : commit.getString(3),
          commit.isNullAt(5) ? "-" : String.format("%,d", commit.getLong(5)),
          commit.isNullAt(4) ? "" : commit.getString(4));
    }
    return 0;
  }
}
