package io.flashguard.core.warehouse;

import static io.flashguard.core.tables.WarehouseTable.DATE;
import static io.flashguard.core.tables.WarehouseTable.dateBetween;
import static io.flashguard.core.tables.WarehouseTable.dateIn;
import static org.apache.spark.sql.functions.not;

import io.delta.tables.DeltaTable;
import io.flashguard.core.tables.WarehouseTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
 * names, and the table's history keeps earlier versions readable ({@link #readAsOf}).
 */
public final class Warehouse {
  /**
   * Session settings the warehouse needs: Delta's SQL extension and catalog (for {@code DESCRIBE
   * HISTORY} and time travel in SQL), and no second check that the rows of a {@code replaceWhere}
   * write lie in its dates, since {@link #publish} filters them to those dates itself.
   */
  public static final Map<String, String> SESSION_SETTINGS = Map.of(
      "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
      "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
      "spark.databricks.delta.replaceWhere.constraintCheck.enabled", "false");

  /**
   * Settings for one small machine: Delta rebuilds a table's state from its log in 50 partitions by
   * default, which on 2 cores costs seconds per commit for a few kilobytes of log.
   */
  public static final Map<String, String> LOCAL_SESSION_SETTINGS = Map.of(
      "spark.databricks.delta.snapshotPartitions", "2");

  /** The pointer file of the table format flashguard used before Delta Lake. */
  private static final String LEGACY_POINTER = "_current";

  private final String root;

  public Warehouse(String root) {
    this.root = Objects.requireNonNull(root, "root").replaceAll("/+$", "");
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
    return table.conform(spark.read().format("delta").load(tablePath(table)));
  }

  /** The rows of {@code table} whose date lies in {@code [from, to]}. */
  public Dataset<Row> read(SparkSession spark, WarehouseTable table, LocalDate from, LocalDate to) {
    return read(spark, table).where(dateBetween(from, to));
  }

  /** The table as its Delta version {@code version} held it (its history: {@code DESCRIBE HISTORY}). */
  public Dataset<Row> readAsOf(SparkSession spark, WarehouseTable table, long version) {
    return table.conform(spark.read().format("delta").option("versionAsOf", version).load(tablePath(table)));
  }

  /**
   * Publishes {@code rows} as the new content of exactly the given dates, in one commit: dates with
   * rows get them, dates without rows become empty, every other date is left as it is.
   */
  public void publish(SparkSession spark, WarehouseTable table, Dataset<Row> rows, Collection<LocalDate> dates) {
    if (dates.isEmpty()) {
      return;
    }
    checkNotLegacy(spark, table);
    Dataset<Row> published = FaultPoint.WRITING.pauseWhileWriting(table.name(),
        table.conform(rows).where(dateIn(dates)));
    published.write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", replaceWhere(dates))
        .partitionBy(DATE)
        .save(tablePath(table));
    FaultPoint.COMMITTED.reach(table.name());
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
