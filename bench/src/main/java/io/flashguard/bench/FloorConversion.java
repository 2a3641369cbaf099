package io.flashguard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The floor of ingest: the same input files converted from CSV to Parquet by Spark with no
 * validation, no parsing beyond the CSV reader's, no deduplication and no table format. Runs in its
 * own JVM, like the run it is compared with; the seconds exclude the JVM's and Spark's start.
 *
 * <p>usage: FloorConversion CDR_DIR EVENTS_DIR OUT_DIR MASTER SECONDS_FILE
 */
public final class FloorConversion {
  private FloorConversion() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException("usage: FloorConversion CDR_DIR EVENTS_DIR OUT_DIR MASTER SECONDS_FILE");
    }
    SparkSession spark = SparkSession.builder().master(args[3]).appName("flashguard bench floor")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.compression.codec", "zstd")
        .getOrCreate();
    try {
      long started = System.nanoTime();
      convert(spark, args[0], args[2] + "/cdr");
      convert(spark, args[1], args[2] + "/events");
      double seconds = (System.nanoTime() - started) / 1e9;
      Files.writeString(Path.of(args[4]), String.format(Locale.ROOT, "%.3f%n", seconds));
    } finally {
      spark.stop();
    }
  }

  private static void convert(SparkSession spark, String in, String out) {
    spark.read().option("header", "true").csv(in).write().mode(SaveMode.Overwrite).parquet(out);
  }
}
