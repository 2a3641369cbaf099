package io.flashguard.jobs.cli;

import io.flashguard.core.warehouse.Warehouse;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the session for a command. Precedence, highest first: {@code --conf k=v}, {@code --master},
 * settings from {@code spark-submit} (system properties), then flashguard's defaults (some only for
 * a local master, the one small machine they were measured on). The session time zone is always
 * UTC: partition dates and hours are UTC by contract.
 * A command run inside a JVM that already has a session (a notebook, a test) uses that session with
 * its own settings, adding only {@code --conf} and the time zone: its master and static settings are
 * fixed, and defaults meant for a fresh process would change the owner's queries after the command.
 */
public final class SparkSessions {
  static final String DEFAULT_MASTER = "local[*]";
  /** Partition dates and hours are UTC by contract, whoever made the session. */
  private static final String TIME_ZONE = "spark.sql.session.timeZone";
  private static final String UTC = "UTC";

  private SparkSessions() {}

  public static SparkSession create(String command, String master, Map<String, String> conf) {
    SparkSession running = SparkSession.getDefaultSession().getOrElse(() -> null);
    if (running != null && !running.sparkContext().isStopped()) {
      conf.forEach(running.conf()::set);
      running.conf().set(TIME_ZONE, UTC);
      return running;
    }
    return SparkSession.builder().config(settings(command, master, conf)).getOrCreate();
  }

  /** The settings of a new session for {@code command}: flashguard's defaults under the caller's. */
  static SparkConf settings(String command, String master, Map<String, String> conf) {
    SparkConf sparkConf = new SparkConf(true);
    if (master != null) {
      sparkConf.setMaster(master);
    }
    sparkConf.setIfMissing("spark.master", DEFAULT_MASTER);
    sparkConf.setIfMissing("spark.app.name", "flashguard " + command);
    if (sparkConf.get("spark.master").startsWith("local")) {
      sparkConf.setIfMissing("spark.ui.enabled", "false");
      sparkConf.setIfMissing("spark.sql.shuffle.partitions", "8");
      sparkConf.setIfMissing("spark.driver.host", "127.0.0.1");
      sparkConf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      // Ingest caches its parsed lines; compressing that cache (dictionary statistics over every
      // string column) took a quarter of ingest's CPU on 2 cores, and memory is the cheaper resource.
      sparkConf.setIfMissing("spark.sql.inMemoryColumnarStorage.compressed", "false");
      Warehouse.LOCAL_SESSION_SETTINGS.forEach(sparkConf::setIfMissing);
    }
    Warehouse.SESSION_SETTINGS.forEach(sparkConf::setIfMissing);
    sparkConf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
    // Ingest keeps a day's parsed lines on local disk as Spark's binary rows (LocalCheckpoint.onDisk),
    // which LZ4 compresses to a third: at 10 million verifications a day 13 GB of disk instead of 43,
    // and the ingest 0.80x the time, as the disk no longer bounds it; at 1 million, where the page
    // cache holds the blocks, it costs some 20 s of CPU (docs/benchmarks.md, "ingest's parsed lines
    // kept as rows"). Spark then compresses every serialized block it keeps, not only ingest's.
    sparkConf.setIfMissing("spark.rdd.compress", "true");
    // HotSpot never compiles a method of more than 8,000 bytes of bytecode, and whole-stage code
    // generation wrote one for the attempts' rows (the serializer of their nested calls), which ran
    // in the bytecode interpreter: two fifths of the CPU samples of the attempts' last stage. With
    // the limit at HotSpot's, Spark runs such a subtree without whole-stage code generation, in
    // smaller methods that do get compiled (Spark's SQL performance tuning guide;
    // docs/benchmarks.md, "huge methods").
    sparkConf.setIfMissing("spark.sql.codegen.hugeMethodLimit", "8000");
    // Route metrics count each hour's latencies into a histogram: an object aggregation over every
    // route × country × hour of a task's rows, a few hundred a day. Past 128 groups (Spark's default)
    // such an aggregation sorts all its remaining input rows instead, which took a quarter of route
    // metrics' CPU at 1 million verifications (docs/benchmarks.md, "latency histograms"). A
    // histogram holds one entry per bucket it saw, so a task's histograms together hold at most one
    // entry (at most 64 bytes) per input row, whatever the number of groups; a quarter of that at
    // 1 million (232,609 distinct route × country × hour × bucket of 1,063,305 legs). The other object
    // aggregations (collected sets and lists per verification or window) have far more groups and
    // still sort, after 4,096 groups instead of 128.
    sparkConf.setIfMissing("spark.sql.objectHashAggregate.sortBased.fallbackThreshold", "4096");
    // Each JVM keeps the classes Janino compiled from generated code, 100 by default. A run over
    // several days plans the same queries again for each day, and the demo's compiled more than 100
    // distinct classes, so it compiled evicted ones again: with 2,000 its samples in Janino fell by a
    // quarter (docs/benchmarks.md, "the compiled-code cache"). A class is some kilobytes.
    sparkConf.setIfMissing("spark.sql.codegen.cache.maxEntries", "2000");
    // Spark 4.2 looks this setting up each time it reads a value from a row by its type (interpreted
    // expressions, object aggregations, lambdas over arrays), and while it is unset computes its
    // default each time from the environment: System.getenv, whether Spark runs its own tests. That
    // getenv was 0.9% of score's task samples at 1 million verifications (docs/benchmarks.md, "the
    // types framework's setting"). Set, it is read from the session's settings. false is its default
    // outside Spark's tests; the framework covers the TIME type, which no flashguard table has.
    sparkConf.setIfMissing("spark.sql.types.framework.enabled", "false");
    // Spark sends a join's side to every task when its estimated size is under the threshold. Before
    // a query runs, a scan's estimate is its files' bytes scaled by the columns read, at 20 bytes a
    // string: 17 to 33 times under the rows of 64-character pseudonyms they hold. At the default
    // 10 MB, days of 300,000 to a million verifications sent per-verification frames of 40 to 224 MiB
    // to every task, each built on the driver (docs/benchmarks.md, "joins the planner broadcast by
    // a misestimate"). Estimates are trusted up to 1 MB (reference tables, a small day's frames); at
    // run time, adaptive execution still sends a side whose measured size is under 10 MB.
    sparkConf.setIfMissing("spark.sql.autoBroadcastJoinThreshold", "1m");
    sparkConf.setIfMissing("spark.sql.adaptive.autoBroadcastJoinThreshold", "10m");
    conf.forEach(sparkConf::set);
    sparkConf.set(TIME_ZONE, UTC);
    return sparkConf;
  }
}
