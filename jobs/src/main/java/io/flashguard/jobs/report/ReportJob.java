package io.flashguard.jobs.report;

import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.warehouse.AsOf;
import io.flashguard.core.warehouse.AtomicFile;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.ShufflePartitions;
import io.flashguard.core.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code flashguard report}: writes a day's {@code reports/D/route-quality.html} and
 * {@code reports/D/fraud-cases.csv} from the warehouse's tables. Each file is replaced in one
 * rename, so a reader (or a mail job picking the file up) never sees half a report; a rerun
 * writes the same content but for the generation time.
 */
public final class ReportJob {
  public static final String FOLDER = "reports";
  public static final String HTML = "route-quality.html";
  public static final String CASES = "fraud-cases.csv";
  /** Cases shown in the page; the CSV has them all. */
  static final int TOP_CASES = 25;

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Clock clock;

  public ReportJob(SparkSession spark, Warehouse warehouse) {
    this(spark, warehouse, Clock.systemUTC());
  }

  ReportJob(SparkSession spark, Warehouse warehouse, Clock clock) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.clock = clock;
  }

  /**
   * Where the report files of {@code day} are, how many cases the list has, and the day's alerts:
   * route degradations, then bursts, each most severe first.
   */
  public record Result(String html, String casesCsv, long cases, List<Row> alerts) {}

  public Result run(LocalDate day) {
    return JobGroup.run(spark, "report-" + day, "flashguard report " + day, () -> {
      // the case file is fetched one partition of the cases' sort at a time: partitions grow with the flags
      return ShufflePartitions.sizedBy(spark, () -> write(day, FraudCases.of(spark, warehouse, day).persist()),
          warehouse.read(spark, FlagsTable.TABLE, day, day));
    });
  }

  /** Writes the case file and the page of {@code day} from its ranked {@code cases}, persisted until done. */
  private Result write(LocalDate day, Dataset<Row> cases) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path folder = folder(day);
    Path csv = new Path(folder, CASES);
    try {
      long[] written = new long[1];
      AtomicFile.replace(conf, csv, out -> written[0] = FraudCases.writeCsv(cases, out), UUID.randomUUID().toString());
      DayReport report = DayReport.collect(spark, warehouse, day, cases, written[0], TOP_CASES);
      Path html = new Path(folder, HTML);
      String page = new RouteQualityPage(report, clock.instant()).render();
      AtomicFile.replace(conf, html, out -> out.write(page.getBytes(StandardCharsets.UTF_8)),
          UUID.randomUUID().toString());
      List<Row> alerts = Stream.concat(report.degradations().stream(), report.bursts().stream()).toList();
      return new Result(shown(conf, html), shown(conf, csv), written[0], alerts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report of " + day + " under " + folder + ": " + e.getMessage(), e);
    } finally {
      cases.unpersist();
    }
  }

  /** A local file as an absolute path people can open; any other file system's file as its URI. */
  private static String shown(Configuration conf, Path file) throws IOException {
    Path qualified = file.getFileSystem(conf).makeQualified(file);
    return "file".equals(qualified.toUri().getScheme()) ? qualified.toUri().getPath() : qualified.toString();
  }

  /**
   * {@code reports/D}, or {@code reports/D/as-of-20261125T060000Z} for a warehouse read as of an
   * earlier time, so that a reproduced report never replaces the current one.
   */
  public Path folder(LocalDate day) {
    Path folder = new Path(warehouse.root() + "/" + FOLDER + "/" + day);
    AsOf asOf = warehouse.asOf();
    return asOf == null ? folder
        : new Path(folder, "as-of-" + asOf.label());
  }
}
