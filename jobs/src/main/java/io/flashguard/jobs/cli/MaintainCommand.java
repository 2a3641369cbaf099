package io.flashguard.jobs.cli;

import io.flashguard.core.BadInputException;
import io.flashguard.core.tables.Tables;
import io.flashguard.core.warehouse.Warehouse;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard maintain}: compaction and vacuum of every table, under the lock. */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = "Compact each table's small files (Delta OPTIMIZE; no row changes) and delete files that no version "
        + "newer than the retention needs (VACUUM). Holds the warehouse lock, so schedule it between runs, for "
        + "example weekly. Time travel ('--as-of') reaches back only as far as the retention (docs/operations.md).")
final class MaintainCommand implements Callable<Integer> {
  /** Delta's own default retention of replaced files, and the least this command accepts. */
  static final int MIN_RETAIN_DAYS = 7;

  @Mixin
  CommonOptions common;

  @Option(names = "--table", description = "Only this table (default: all).")
  String table;

  @Option(names = "--retain-days", defaultValue = "" + MIN_RETAIN_DAYS,
      description = "Keep the files of versions newer than this many days, for time travel and for readers still "
          + "running (default and least: ${DEFAULT-VALUE}).")
  int retainDays;

  @Override
  public Integer call() {
    if (retainDays < MIN_RETAIN_DAYS) {
      throw new BadInputException("--retain-days must be at least " + MIN_RETAIN_DAYS + " (readers and time travel "
          + "need the files of recent versions), got " + retainDays);
    }
    List<String> names = table == null ? List.copyOf(Tables.names()) : List.of(Tables.named(table).name());
    SparkSession spark = common.session("maintain");
    Warehouse warehouse = common.warehouse();
    return common.locked(spark, RunIds.next(), "maintain", () -> {
      for (String name : names) {
        Warehouse.Compaction done = warehouse.maintain(spark, Tables.named(name), retainDays * 24L);
        System.out.printf("%-24s compacted %,d file(s) into %,d; vacuumed files older than %d days%n", name,
            done.filesRemoved(), done.filesAdded(), retainDays);
      }
      return 0;
    });
  }
}
