package io.flashguard.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.flashguard.core.tables.QuarantineTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.JobGroup;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Validates, normalises, pseudonymises and deduplicates the input files, then publishes the
 * accepted rows to their tables and the rejected lines to {@code quarantine}. Nothing is published
 * when the share of quarantined lines passes {@link IngestSettings#maxBadFraction()}.
 *
 * <p>Files are parsed one per task, so every line keeps its exact line number and a broken line
 * never takes its neighbours with it. Rows are deduplicated by id (call_id, event_id) together with
 * the rows already published for the same dates: among rows with one id the one whose content has
 * the smallest xxhash64 survives, and between identical rows the one already published. So the
 * same input ingested twice, or overlapping files in any order or runs, give the same tables; an
 * input line that loses is counted as a duplicate.
 */
public final class IngestJob {
  private static final String OUTCOME = "_outcome";
  private static final String ACCEPTED = "accepted";
  private static final String QUARANTINED = "quarantined";
  private static final String DUPLICATE = "duplicate";
  private static final String KEPT = "kept";
  private static final String ORIGIN = "_origin";
  private static final String ROW_HASH = "_row_hash";
  /** The tables whose days the later stages process; reference data and labels have no traffic day. */
  private static final java.util.Set<String> TRAFFIC_TABLES =
      java.util.Set.of(io.flashguard.core.tables.CdrTable.NAME, io.flashguard.core.tables.VerificationEventsTable.NAME);

  private final SparkSession spark;
  private final IngestSettings settings;

  public IngestJob(SparkSession spark, IngestSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Runs the ingest; returns the accounting of every file. */
  public IngestResult run() {
    return JobGroup.run(spark, "ingest-" + settings.runId(), "flashguard ingest " + settings, () -> {
      List<Source> sources = new ArrayList<>();
      if (!settings.cdrPaths().isEmpty()) {
        sources.add(new Source(settings.cdrFormat().parser(settings.pseudonymizer(), settings.routeId()),
            settings.cdrPaths()));
      }
      if (!settings.verificationPaths().isEmpty()) {
        sources.add(new Source(new VerificationEventParser(settings.pseudonymizer()), settings.verificationPaths()));
      }
      long loadedAt = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
      if (settings.referenceDir() != null) {
        addIfPresent(sources, ReferenceParsers.routes(loadedAt), settings.referenceDir() + "/routes.csv*");
        addIfPresent(sources, ReferenceParsers.cliPool(loadedAt), settings.referenceDir() + "/cli_pool.csv*");
      }
      if (!settings.labelPaths().isEmpty()) {
        sources.add(new Source(ReferenceParsers.labels(), settings.labelPaths()));
      }
      try {
        List<FileCounts> counts = new ArrayList<>();
        Map<LocalDate, Long> changed = new java.util.TreeMap<>();
        for (Source source : sources) {
          counts.addAll(source.count());
          if (TRAFFIC_TABLES.contains(source.parser.table().name())) {
            source.changedRows.forEach((date, rows) -> changed.merge(date, rows, Long::sum));
          }
        }
        IngestResult result = new IngestResult(settings.runId(), counts, changed);
        if (result.badFraction() > settings.maxBadFraction()) {
          throw new TooManyBadLinesException(result, settings.maxBadFraction());
        }
        for (Source source : sources) {
          source.publish();
        }
        publishQuarantine(sources);
        return result;
      } finally {
        sources.forEach(Source::release);
      }
    });
  }

  /** Reference files are optional one by one: a folder may hold routes.csv, cli_pool.csv or both. */
  private void addIfPresent(List<Source> sources, RecordParser parser, String glob) {
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(glob);
      org.apache.hadoop.fs.FileStatus[] found = path.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .globStatus(path);
      if (found != null && found.length > 0) {
        sources.add(new Source(parser, List.of(glob)));
      }
    } catch (java.io.IOException e) {
      throw new InputFileException("cannot read the reference folder " + settings.referenceDir() + ": " + e.getMessage(), e);
    }
  }

  private void publishQuarantine(List<Source> sources) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Dataset<Row> rejected = settings.warehouse().read(spark, QuarantineTable.TABLE, today, today);
    for (Source source : sources) {
      rejected = rejected.unionByName(source.rejected(today));
    }
    // a rerun of the same day quarantines the same lines again: keep one row per line
    Dataset<Row> distinct = rejected.dropDuplicates("source", "file", "line", "raw");
    settings.warehouse().publish(spark, QuarantineTable.TABLE, distinct, List.of(today));
  }

  /** One input kind on its way to its table. */
  private final class Source {
    private final RecordParser parser;
    private final Map<String, List<String>> unknownColumns = new HashMap<>();
    private final Dataset<Row> staged;
    private Dataset<Row> classified;
    private TreeSet<LocalDate> dates;
    private final Map<LocalDate, Long> changedRows = new HashMap<>();

    Source(RecordParser parser, List<String> paths) {
      this.parser = parser;
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      List<String> files = new ArrayList<>();
      for (String path : paths) {
        files.addAll(InputFiles.expand(conf, path, parser.extensions()));
      }
      FileParser fileParser = new FileParser(parser, settings.inputZone(), settings.defaultRegion());
      for (String file : files) {
        unknownColumns.put(file, fileParser.layout(conf, file).unknownColumns());
      }
      JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(files, files.size())
          .flatMap(file -> fileParser.rows(new Configuration(), file));
      this.staged = spark.createDataFrame(rows, StagedRow.schemaFor(parser.table().schema())).persist();
    }

    /** Classifies every line against the input and the published rows of the same dates. */
    List<FileCounts> count() {
      Dataset<Row> incoming = StagedRow.withTableColumns(staged.where(col(StagedRow.REASON).isNull()),
          parser.table().schema(), parser.partitionTimeColumn());
      dates = new TreeSet<>();
      for (Row row : incoming.select(WarehouseTable.DATE).distinct().collectAsList()) {
        dates.add(row.getDate(0).toLocalDate());
      }
      Dataset<Row> published = dates.isEmpty()
          ? spark.createDataFrame(List.of(), parser.table().schema())
          : settings.warehouse().read(spark, parser.table(), dates.first(), dates.last())
              .where(WarehouseTable.dateIn(dates));
      published = published
          .withColumn(StagedRow.FILE, lit(null).cast("string"))
          .withColumn(StagedRow.LINE, lit(null).cast("long"))
          .withColumn(ORIGIN, lit(0));
      Dataset<Row> candidates = incoming.withColumn(ORIGIN, lit(1)).unionByName(published);
      Column[] content = Arrays.stream(parser.table().schema().fieldNames()).map(name -> col(name)).toArray(Column[]::new);
      Column rank = row_number().over(Window.partitionBy(parser.keyColumn())
          .orderBy(col(ROW_HASH), col(ORIGIN), col(StagedRow.FILE), col(StagedRow.LINE)));
      classified = candidates.withColumn(ROW_HASH, xxhash64(struct(content)))
          .withColumn(OUTCOME, when(rank.equalTo(1), lit(KEPT)).otherwise(lit(DUPLICATE)))
          .drop(ROW_HASH)
          .persist();

      Dataset<Row> inputWinners = classified.where(col(ORIGIN).equalTo(1).and(col(OUTCOME).equalTo(KEPT)));
      for (Row row : inputWinners.groupBy(WarehouseTable.DATE).count().collectAsList()) {
        changedRows.put(row.getDate(0).toLocalDate(), row.getLong(1));
      }
      dates.forEach(date -> changedRows.putIfAbsent(date, 0L));

      Map<String, long[]> byFile = new HashMap<>();
      unknownColumns.keySet().forEach(file -> byFile.put(file, new long[3]));
      Dataset<Row> inputOutcomes = classified.where(col(ORIGIN).equalTo(1))
          .select(col(StagedRow.FILE), when(col(OUTCOME).equalTo(KEPT), lit(ACCEPTED)).otherwise(lit(DUPLICATE)).as(OUTCOME))
          .unionByName(staged.where(col(StagedRow.REASON).isNotNull())
              .select(col(StagedRow.FILE), lit(QUARANTINED).as(OUTCOME)));
      for (Row row : inputOutcomes.groupBy(StagedRow.FILE, OUTCOME).count().collectAsList()) {
        long[] counts = byFile.computeIfAbsent(row.getString(0), file -> new long[3]);
        int slot = switch (row.getString(1)) {
          case ACCEPTED -> 0;
          case QUARANTINED -> 1;
          default -> 2;
        };
        counts[slot] = row.getLong(2);
      }
      List<FileCounts> result = new ArrayList<>();
      byFile.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
        long[] c = entry.getValue();
        result.add(new FileCounts(parser.table().name(), entry.getKey(), c[0] + c[1] + c[2], c[0], c[1], c[2],
            unknownColumns.getOrDefault(entry.getKey(), List.of())));
      });
      return result;
    }

    void publish() {
      settings.warehouse().publish(spark, parser.table(),
          classified.where(col(OUTCOME).equalTo(KEPT)), dates);
    }

    Dataset<Row> rejected(LocalDate runDate) {
      return staged.where(col(StagedRow.REASON).isNotNull()).select(
          lit(settings.runId()).as("run_id"),
          lit(parser.table().name()).as("source"),
          col(StagedRow.FILE).as("file"),
          col(StagedRow.LINE).as("line"),
          col(StagedRow.REASON).as("reason"),
          col(StagedRow.COLUMN).as("column"),
          col(StagedRow.DETAIL).as("detail"),
          col(StagedRow.RAW).as("raw"),
          lit(java.sql.Date.valueOf(runDate)).as(WarehouseTable.DATE));
    }

    void release() {
      staged.unpersist();
      if (classified != null) {
        classified.unpersist();
      }
    }
  }
}
