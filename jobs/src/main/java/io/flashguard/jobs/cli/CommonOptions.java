package io.flashguard.jobs.cli;

import io.flashguard.core.NothingToDoException;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.core.warehouse.WarehouseLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options every command takes: where the warehouse is and how to reach Spark. */
final class CommonOptions {
  @Option(names = "--warehouse", defaultValue = "warehouse", paramLabel = "DIR",
      description = "Warehouse root, any Hadoop-compatible URI (default: ${DEFAULT-VALUE}).")
  String warehouse;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master; default: spark-submit's, else local[*].")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting; repeatable.")
  Map<String, String> conf = new LinkedHashMap<>();

  Warehouse warehouse() {
    return new Warehouse(warehouse);
  }

  /**
   * Refuses a warehouse path where nothing exists, before a lock or a table would create it there:
   * a mistyped {@code --warehouse} says so, rather than computing nothing into a new empty folder.
   */
  void requireWarehouse(SparkSession spark) {
    Path root = new Path(warehouse);
    try {
      if (!root.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(root)) {
        throw new NothingToDoException("no warehouse at " + warehouse + ": check --warehouse; `flashguard ingest` "
            + "or `flashguard run` creates one from input files");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at the warehouse " + warehouse, e);
    }
  }

  SparkSession session(String command) {
    return SparkSessions.create(command, master, conf);
  }

  /**
   * Runs {@code work} holding the warehouse lock, with the run id as the user metadata of every
   * Delta commit it makes (so {@code history} names the run). Every command that publishes goes
   * through here.
   */
  <T> T locked(SparkSession spark, String runId, String command, Supplier<T> work) {
    try (WarehouseLock lock = WarehouseLock.acquire(spark.sparkContext().hadoopConfiguration(), warehouse(), runId,
        command)) {
      spark.conf().set(Warehouse.COMMIT_RUN_ID, runId);
      try {
        return work.get();
      } finally {
        spark.conf().unset(Warehouse.COMMIT_RUN_ID);
      }
    }
  }
}
