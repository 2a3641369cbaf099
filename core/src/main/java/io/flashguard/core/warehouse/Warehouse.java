package io.flashguard.core.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.to_date;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse: one folder per table under a root on any Hadoop-compatible file system, Parquet
 * partitioned by date (UTC).
 *
 * <p>Each partition is written once per publish into its own version folder,
 * {@code <table>/date=YYYY-MM-DD/v=<version>/}, and the table's pointer file {@code _current} names
 * the version of every date. A publish writes all its partitions first, then replaces the pointer
 * in one atomic rename, then deletes the versions it replaced. A reader going through this class
 * therefore sees the previous complete output or the new complete output, never a mix, and a crash
 * at any point leaves the last published state readable; {@link #cleanUp} removes what a crash left.
 */
public final class Warehouse {
  /** The partition column every table carries. */
  public static final String DATE = "date";

  private static final String STAGING = "_staging";
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

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

  /** The dates for which {@code table} has a published partition, in order. */
  public List<LocalDate> dates(SparkSession spark, String table) {
    return new ArrayList<>(versions(spark, table).keySet());
  }

  /** The whole published table with its declared schema; an empty frame if nothing is published. */
  public Dataset<Row> read(SparkSession spark, String table, StructType schema) {
    return read(spark, table, schema, LocalDate.MIN, LocalDate.MAX);
  }

  /** The published partitions of {@code table} whose date lies in {@code [from, to]}. */
  public Dataset<Row> read(SparkSession spark, String table, StructType schema, LocalDate from, LocalDate to) {
    List<String> paths = new ArrayList<>();
    versions(spark, table).forEach((date, version) -> {
      if (!date.isBefore(from) && !date.isAfter(to)) {
        paths.add(versionPath(table, date, version).toString());
      }
    });
    if (paths.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    StructType fileSchema = new StructType(Arrays.stream(schema.fields())
        .filter(field -> !field.name().equals(DATE)).toArray(StructField[]::new));
    Dataset<Row> files = spark.read().schema(fileSchema).parquet(paths.toArray(new String[0]))
        .withColumn(DATE, to_date(regexp_extract(col("_metadata.file_path"), "/" + DATE + "=(\\d{4}-\\d{2}-\\d{2})/", 1)));
    return conform(files, schema);
  }

  /**
   * Publishes {@code rows} as the new content of exactly the given dates: dates with rows get a new
   * version, dates without rows are removed, every other date is left as it is.
   */
  public void publish(SparkSession spark, String table, StructType schema, Dataset<Row> rows,
      Collection<LocalDate> dates) {
    String version = VERSION_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    Path tablePath = new Path(tablePath(table));
    Path staging = new Path(new Path(tablePath, STAGING), version);
    conform(rows, schema).where(dateIn(dates))
        .write().mode(SaveMode.ErrorIfExists).partitionBy(DATE).parquet(staging.toString());
    FaultPoint.STAGED.reach(table);
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      FileSystem fs = tablePath.getFileSystem(conf);
      TableVersions pointer = new TableVersions(conf, tablePath);
      Map<LocalDate, String> versions = pointer.read();
      for (LocalDate date : dates) {
        Path staged = new Path(staging, DATE + "=" + date);
        if (fs.exists(staged)) {
          Path target = versionPath(table, date, version);
          fs.mkdirs(target.getParent());
          if (!fs.rename(staged, target)) {
            throw new IOException("cannot move " + staged + " to " + target);
          }
          versions.put(date, version);
        } else {
          versions.remove(date);
        }
      }
      FaultPoint.MOVED.reach(table);
      pointer.write(versions, version);
      FaultPoint.POINTED.reach(table);
      for (LocalDate date : dates) {
        deleteOtherVersions(fs, new Path(tablePath, DATE + "=" + date), versions.get(date));
      }
      fs.delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + table + " to " + root, e);
    }
  }

  /**
   * Publishes {@code rows} as the new content of the given dates for the rows that {@code owned}
   * selects, keeping the other rows those dates already hold. For tables several stages write, such
   * as {@code alerts}: each stage replaces its own kind of rows and leaves the others alone.
   */
  public void publishOwned(SparkSession spark, String table, StructType schema, Dataset<Row> rows,
      Collection<LocalDate> dates, Column owned) {
    LocalDate first = dates.stream().min(LocalDate::compareTo).orElse(LocalDate.MIN);
    LocalDate last = dates.stream().max(LocalDate::compareTo).orElse(LocalDate.MIN);
    Dataset<Row> others = read(spark, table, schema, first, last).where(dateIn(dates)).where(not(owned));
    publish(spark, table, schema, conform(rows, schema).unionByName(others), dates);
  }

  /**
   * Removes what an interrupted publish left behind: staging folders and versions the pointer does
   * not name. Call it only while holding the warehouse lock.
   */
  public void cleanUp(SparkSession spark, String table) {
    Path tablePath = new Path(tablePath(table));
    try {
      FileSystem fs = tablePath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(tablePath)) {
        return;
      }
      fs.delete(new Path(tablePath, STAGING), true);
      Map<LocalDate, String> versions = new TableVersions(spark.sparkContext().hadoopConfiguration(), tablePath).read();
      for (FileStatus partition : fs.listStatus(tablePath)) {
        String name = partition.getPath().getName();
        if (partition.isDirectory() && name.startsWith(DATE + "=")) {
          deleteOtherVersions(fs, partition.getPath(), versions.get(LocalDate.parse(name.substring(DATE.length() + 1))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + table + " in " + root, e);
    }
  }

  /** {@code rows} with exactly the columns of {@code schema}, in its order and types. */
  public static Dataset<Row> conform(Dataset<Row> rows, StructType schema) {
    Column[] columns = Arrays.stream(schema.fields())
        .map(field -> col(field.name()).cast(field.dataType()).as(field.name()))
        .toArray(Column[]::new);
    return rows.select(columns);
  }

  /** Every date from {@code from} to {@code to}, both inclusive. */
  public static List<LocalDate> days(LocalDate from, LocalDate to) {
    return from.datesUntil(to.plusDays(1)).toList();
  }

  /** A filter keeping the given dates. */
  public static Column dateIn(Collection<LocalDate> dates) {
    return col(DATE).isin(dates.stream().map(java.sql.Date::valueOf).toArray());
  }

  /** A filter on the partition column. */
  public static Column dateBetween(LocalDate from, LocalDate to) {
    return col(DATE).between(lit(java.sql.Date.valueOf(from)), lit(java.sql.Date.valueOf(to)));
  }

  private Map<LocalDate, String> versions(SparkSession spark, String table) {
    Path tablePath = new Path(tablePath(table));
    try {
      return new TableVersions(spark.sparkContext().hadoopConfiguration(), tablePath).read();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the published versions of " + table + " in " + root, e);
    }
  }

  private Path versionPath(String table, LocalDate date, String version) {
    return new Path(new Path(tablePath(table), DATE + "=" + date), "v=" + version);
  }

  /** Deletes every version folder of a partition but {@code keep}; the whole partition if keep is null. */
  private static void deleteOtherVersions(FileSystem fs, Path partition, String keep) throws IOException {
    if (!fs.exists(partition)) {
      return;
    }
    if (keep == null) {
      fs.delete(partition, true);
      return;
    }
    for (FileStatus child : fs.listStatus(partition)) {
      if (!child.getPath().getName().equals("v=" + keep)) {
        fs.delete(child.getPath(), true);
      }
    }
  }
}
