package io.flashguard.core.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse: one folder per table under a root on any Hadoop-compatible file system, Parquet
 * partitioned by {@code date=YYYY-MM-DD} (UTC).
 */
public final class Warehouse {
  /** The partition column every table carries. */
  public static final String DATE = "date";

  private final String root;

  public Warehouse(String root) {
    this.root = Objects.requireNonNull(root, "root").replaceAll("/+$", "");
  }

  public String root() {
    return root;
  }

  public String tablePath(String table) {
    return root + "/" + table;
  }

  /** Whether the table has been written at least once. */
  public boolean exists(SparkSession spark, String table) {
    Path path = new Path(tablePath(table));
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the warehouse at " + root, e);
    }
  }

  /** The dates for which {@code table} has a partition, in order; read from the folder names. */
  public java.util.List<LocalDate> dates(SparkSession spark, String table) {
    if (!exists(spark, table)) {
      return java.util.List.of();
    }
    Path path = new Path(tablePath(table));
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      java.util.List<LocalDate> dates = new java.util.ArrayList<>();
      for (org.apache.hadoop.fs.FileStatus status : fs.listStatus(path)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && name.startsWith(DATE + "=")) {
          dates.add(LocalDate.parse(name.substring(DATE.length() + 1)));
        }
      }
      dates.sort(null);
      return dates;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  /** The whole table with its declared schema; an empty frame if it was never written. */
  public Dataset<Row> read(SparkSession spark, String table, StructType schema) {
    if (!exists(spark, table)) {
      return spark.createDataFrame(java.util.List.of(), schema);
    }
    return spark.read()
        .schema(schema)
        .option("basePath", tablePath(table))
        .parquet(tablePath(table));
  }

  /** The partitions of {@code table} whose date lies in {@code [from, to]}, both inclusive. */
  public Dataset<Row> read(
      SparkSession spark, String table, StructType schema, LocalDate from, LocalDate to) {
    return read(spark, table, schema).where(dateBetween(from, to));
  }

  /** {@code rows} with exactly the columns of {@code schema}, in its order and types. */
  public static Dataset<Row> conform(Dataset<Row> rows, StructType schema) {
    Column[] columns = java.util.Arrays.stream(schema.fields())
        .map(field -> col(field.name()).cast(field.dataType()).as(field.name()))
        .toArray(Column[]::new);
    return rows.select(columns);
  }

  /** A filter on the partition column, pruned by Spark to the matching folders. */
  public static Column dateBetween(LocalDate from, LocalDate to) {
    return col(DATE).between(lit(java.sql.Date.valueOf(from)), lit(java.sql.Date.valueOf(to)));
  }

  /**
   * Replaces exactly the date partitions present in {@code rows}; other dates are left untouched.
   * The rows are first conformed to the table's declared schema (column order and types), so what
   * is written is always what the contract says. Not yet atomic across partitions: see
   * docs/operations.md.
   */
  public void replacePartitions(Dataset<Row> rows, String table, StructType schema) {
    conform(rows, schema).write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(DATE)
        .parquet(tablePath(table));
  }
}
