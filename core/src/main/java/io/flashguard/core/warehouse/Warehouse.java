package io.flashguard.core.warehouse;

import static io.flashguard.core.tables.WarehouseTable.DATE;
import static io.flashguard.core.tables.WarehouseTable.dateBetween;
import static io.flashguard.core.tables.WarehouseTable.dateIn;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.delta.tables.DeltaTable;
import io.flashguard.core.BadInputException;
import org.apache.spark.sql.delta.DeltaLog;
import io.flashguard.core.tables.WarehouseTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse: one Delta Lake table per {@link WarehouseTable} under a root on any
 * Hadoop-compatible file system, partitioned by date (UTC). Any engine that reads Delta reads it;
 * docs/operations.md says how.
 *
 * <p>Publishing a run's dates is one Delta commit per table: it replaces exactly those dates
 * ({@code replaceWhere}) and leaves every other date as it is. A reader sees the table before the
 * commit or after it, never a mix; a crash before the commit leaves only data files that no version
 * names, and the table's history keeps earlier versions readable ({@link #asOf}).
 */
public final class Warehouse {
  /**
   * Session settings the warehouse needs: Delta's SQL extension and catalog (for {@code DESCRIBE
   * HISTORY} and time travel in SQL), no second check that the rows of a {@code replaceWhere}
   * write lie in its dates, since {@link #publish} filters them to those dates itself, and new tables
   * created without per-column statistics ({@code delta.dataSkippingNumIndexedCols = 0}, a table
   * property every later writer follows): every read selects dates, which the partitioning prunes,
   * and the hashed keys are spread evenly over a date's files, so minimum and maximum skip nothing;
   * computing them cost time on every write and put raw quarantined lines into the log. And a task
   * writes up to four dates through writers open side by side instead of sorting its rows by date
   * first: a daily run's task holds one date or two, and that sort of every row written had spilled
   * 0.6 GB of ingest's events to disk at 1 million verifications (docs/benchmarks.md); past four
   * dates in one task Spark sorts the rest, as before. Timestamps are written as Parquet's 64-bit
   * microseconds rather than Spark's default INT96: 12-byte values that Parquet keeps in a
   * dictionary of byte arrays until it overflows, a fifth of writing the attempts (docs/benchmarks.md,
   * "timestamps"). Files written either way read the same.
   */
  public static final Map<String, String> SESSION_SETTINGS = Map.of(
      "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
      "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
      "spark.databricks.delta.replaceWhere.constraintCheck.enabled", "false",
      "spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols", "0",
      "spark.sql.maxConcurrentOutputFileWriters", "4",
      "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");

  /**
   * Settings for one small machine: Delta rebuilds a table's state from its log in 50 partitions by
   * default, which on 2 cores costs seconds per commit for a few kilobytes of log, and VACUUM lists
   * a table's files in 10,000 tasks (Spark's partition-discovery parallelism), a minute on 2 cores.
   * Local files are written without a {@code chmod} process each ({@link NioLocalFileSystem}).
   */
  public static final Map<String, String> LOCAL_SESSION_SETTINGS = Map.of(
      "spark.databricks.delta.snapshotPartitions", "2",
      "spark.sql.sources.parallelPartitionDiscovery.parallelism", "8",
      "spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName(),
      "spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());

  /**
   * The session setting whose value Delta stores with each commit as its user metadata: flashguard
   * sets it to the run id while a run holds the lock, so a table's history names the run of each
   * version ({@link #history}).
   */
  public static final String COMMIT_RUN_ID = "spark.databricks.delta.commitInfo.userMetadata";

  /** Delta's error condition for a timestamp before a table's first commit (or its retained log). */
  private static final String TIMESTAMP_BEFORE_TABLE = "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION";
  /** Delta's error condition for a timestamp after a table's latest commit. */
  private static final String TIMESTAMP_AFTER_TABLE = "DELTA_TIMESTAMP_GREATER_THAN_COMMIT";

  /** The pointer file of the table format flashguard used before Delta Lake. */
  private static final String LEGACY_POINTER = "_current";

  /** What a compaction did: the small files it replaced and the files it wrote instead. */
  public record Compaction(long filesRemoved, long filesAdded) {}

  private static final ObjectMapper COMMIT_JSON = new ObjectMapper();

  private final String root;
  /** The point in history this warehouse reads, or null for the latest version of every table. */
  private final AsOf asOf;
  /** The Delta version of each table's latest commit through this warehouse, in commit order. */
  private final Map<String, Long> committed = new ConcurrentHashMap<>();

  public Warehouse(String root) {
    this(root, null);
  }

  private Warehouse(String root, AsOf asOf) {
    this.root = Objects.requireNonNull(root, "root").replaceAll("/+$", "");
    this.asOf = asOf;
  }

  /**
   * The same warehouse, read-only, as it was at {@code asOf}: every table at its version of that
   * time (a table created later reads as empty), or, for a version number, every table at that
   * version of its own history (meant for one table, as {@code export --as-of} does).
   */
  public Warehouse asOf(AsOf asOf) {
    return new Warehouse(root, Objects.requireNonNull(asOf, "asOf"));
  }

  /** The point in history this warehouse reads; null for the latest versions. */
  public AsOf asOf() {
    return asOf;
  }

  /** The Delta version each table got from its latest publish through this object. */
  public Map<String, Long> committedVersions() {
    return Map.copyOf(committed);
  }

  public String root() {
    return root;
  }

  public String tablePath(WarehouseTable table) {
    return root + "/" + table.name();
  }

  /** The dates for which {@code table} holds rows, in order. */
  public List<LocalDate> dates(SparkSession spark, WarehouseTable table) {
    return read(spark, table).select(DATE).distinct().collectAsList().stream()
        .map(row -> row.getDate(0).toLocalDate()).sorted().toList();
  }

  /** The whole table with its declared schema; an empty frame if nothing is published. */
  public Dataset<Row> read(SparkSession spark, WarehouseTable table) {
    if (!exists(spark, table)) {
      return spark.createDataFrame(List.of(), table.schema());
    }
    if (asOf == null) {
      return table.conformStored(spark.read().format("delta").load(tablePath(table)));
    }
    try {
      return table.conformStored(asOf.apply(spark.read().format("delta")).load(tablePath(table)));
    } catch (Exception e) { // Delta throws AnalysisException, a checked exception Java does not see declared
      String condition = e instanceof AnalysisException analysis ? analysis.getCondition() : null;
      if (asOf.isTimestamp() && TIMESTAMP_BEFORE_TABLE.equals(condition)) {
        return spark.createDataFrame(List.of(), table.schema());
      }
      if (asOf.isTimestamp() && TIMESTAMP_AFTER_TABLE.equals(condition)) {
        // no commit since that time: the version current then is the one Delta just read
        long latest = DeltaLog.forTable(spark, tablePath(table)).unsafeVolatileSnapshot().version();
        return table.conformStored(spark.read().format("delta").option("versionAsOf", latest).load(tablePath(table)));
      }
      throw new BadInputException("cannot read table " + table.name() + " as of " + asOf + ": "
          + e.getMessage(), e);
    }
  }

  /** The rows of {@code table} whose date lies in {@code [from, to]}. */
  public Dataset<Row> read(SparkSession spark, WarehouseTable table, LocalDate from, LocalDate to) {
    return read(spark, table).where(dateBetween(from, to));
  }

  /**
   * The latest {@code limit} commits of {@code table}, newest first: version, timestamp, operation,
   * the run that made it ({@code run_id}), the dates it replaced and the rows it wrote.
   */
  public Dataset<Row> history(SparkSession spark, WarehouseTable table, int limit) {
    if (!exists(spark, table)) {
      throw new BadInputException("table " + table.name() + " has no commits in " + root);
    }
    return DeltaTable.forPath(spark, tablePath(table)).history(limit).select(
        col("version"), col("timestamp"), col("operation"), col("userMetadata").as("run_id"),
        col("operationParameters").getItem("predicate").as("replaced"),
        col("operationMetrics").getItem("numOutputRows").cast("long").as("rows_written"));
  }

  /**
   * Housekeeping of one table, for the caller holding the lock: compacts each date's small files
   * into larger ones (Delta's OPTIMIZE, a commit that changes no row), then deletes the files no
   * version newer than {@code retainHours} still needs (VACUUM). Returns what OPTIMIZE did. Time travel to versions older than the retention fails afterwards.
   */
  public Compaction maintain(SparkSession spark, WarehouseTable table, long retainHours) {
    if (asOf != null) {
      throw new IllegalStateException("the warehouse " + root + " is opened as of " + asOf + ", for reading only");
    }
    if (!exists(spark, table)) {
      return new Compaction(0, 0);
    }
    DeltaTable delta = DeltaTable.forPath(spark, tablePath(table));
    Row metrics = delta.optimize().executeCompaction().select("metrics.numFilesRemoved", "metrics.numFilesAdded")
        .first();
    delta.vacuum(retainHours);
    return new Compaction(metrics.getLong(0), metrics.getLong(1));
  }

  /**
   * Publishes {@code rows} as the new content of exactly the given dates, in one commit: dates with
   * rows get them, dates without rows become empty, every other date is left as it is. A column the
   * table's declaration gained since the table was written (a new feature, say) is added to it by
   * this commit; the dates published before read null in it. Returns the rows the commit wrote, from
   * its Delta operation metrics, so a caller need not count them in a pass of its own.
   */
  public long publish(SparkSession spark, WarehouseTable table, Dataset<Row> rows, Collection<LocalDate> dates) {
    if (asOf != null) {
      throw new IllegalStateException("the warehouse " + root + " is opened as of " + asOf + ", for reading only");
    }
    if (dates.isEmpty()) {
      return 0;
    }
    checkNotLegacy(spark, table);
    Dataset<Row> published = FaultPoint.WRITING.pauseWhileWriting(table.name(),
        table.conform(rows).where(dateIn(dates)));
    published.write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", replaceWhere(dates))
        .option("mergeSchema", "true")
        .partitionBy(DATE)
        .save(tablePath(table));
    long version = DeltaLog.forTable(spark, tablePath(table)).unsafeVolatileSnapshot().version();
    committed.put(table.name(), version);
    FaultPoint.COMMITTED.reach(table.name());
    return rowsWritten(spark, table, version, dates);
  }

  /**
   * The rows commit {@code version} of {@code table} wrote (Delta's {@code numOutputRows}), or, where
   * the commit recorded no metrics (they can be switched off), the rows the table holds for its dates.
   */
  private long rowsWritten(SparkSession spark, WarehouseTable table, long version, Collection<LocalDate> dates) {
    String written = commitMetric(spark, table, version, "numOutputRows");
    return written != null ? Long.parseLong(written) : read(spark, table).where(dateIn(dates)).count();
  }

  /**
   * One operation metric of a commit, from the {@code commitInfo} action in its file of the table's
   * log (Delta's protocol), or null if the commit recorded none. Delta's {@code history} gives the
   * same in a query of its own: 0.83 to 0.94 s each for the demo's first four (docs/benchmarks.md,
   * "the rows of a publish from its commit's file").
   */
  private String commitMetric(SparkSession spark, WarehouseTable table, long version, String metric) {
    Path commit = new Path(tablePath(table) + "/_delta_log", String.format("%020d.json", version));
    try {
      FileSystem fs = commit.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (BufferedReader actions = new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
        for (String action = actions.readLine(); action != null; action = actions.readLine()) {
          JsonNode info = COMMIT_JSON.readTree(action).get("commitInfo");
          if (info != null) {
            JsonNode value = info.path("operationMetrics").get(metric);
            return value == null || value.isNull() ? null : value.asText();
          }
        }
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read commit " + version + " of " + tablePath(table), e);
    }
  }

  /**
   * Publishes {@code rows} as the new content of the given dates for the rows that {@code owned}
   * selects, keeping the other rows those dates already hold. For tables several stages write, such
   * as {@code alerts}: each stage replaces its own kind of rows and leaves the others alone.
   */
  public void publishOwned(SparkSession spark, WarehouseTable table, Dataset<Row> rows,
      Collection<LocalDate> dates, Column owned) {
    Dataset<Row> others = read(spark, table).where(dateIn(dates)).where(not(owned));
    publish(spark, table, table.conform(rows).unionByName(others), dates);
  }

  private boolean exists(SparkSession spark, WarehouseTable table) {
    checkNotLegacy(spark, table);
    return DeltaTable.isDeltaTable(spark, tablePath(table));
  }

  /** The SQL predicate of a {@code replaceWhere} on exactly these dates. */
  private static String replaceWhere(Collection<LocalDate> dates) {
    return DATE + " IN (" + dates.stream().sorted().map(date -> "DATE'" + date + "'")
        .collect(Collectors.joining(", ")) + ")";
  }

  /** Refuses a table that an earlier flashguard wrote in its own format, which Delta would not see. */
  private void checkNotLegacy(SparkSession spark, WarehouseTable table) {
    Path pointer = new Path(tablePath(table), LEGACY_POINTER);
    try {
      FileSystem fs = pointer.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(pointer)) {
        throw new IllegalStateException("table " + table.name() + " in " + root + " was written by an earlier "
            + "flashguard in its own format (" + pointer + "); this version keeps Delta Lake tables. Rebuild the "
            + "warehouse from the input files into a new root (docs/operations.md).");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tablePath(table), e);
    }
  }
}
