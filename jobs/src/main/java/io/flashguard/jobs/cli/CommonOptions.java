package io.flashguard.jobs.cli;

import io.flashguard.core.warehouse.Warehouse;
import java.util.LinkedHashMap;
import java.util.Map;
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

  SparkSession session(String command) {
    return SparkSessions.create(command, master, conf);
  }
}
