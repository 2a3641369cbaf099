package io.flashguard.jobs.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

import io.flashguard.core.tables.QuarantineTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.LocalCheckpoint;
import io.flashguard.core.warehouse.SideBySide;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
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
 * <p>Every physical line is parsed on its own, with its exact line number, so a broken line never
 * takes its neighbours with it; a large file is parsed in ranges of whole lines, one per task
 * ({@link LineRanges}). Rows are deduplicated by id (call_id, event_id) together with
 * the rows already published for the same dates: among rows with one id the one whose content has
 * the smallest xxhash64 survives, and between identical rows the one already published. So the
 * same input ingested twice, or overlapping files in any order or runs, give the same tables; an
 * input line that loses is counted as a duplicate.
 */
public final class IngestJob {
  private static final String QUARANTINED = "_quarantined";
  private static final String ORIGIN = "_origin";
  private static final String ROW_HASH = "_row_hash";
  private static final String RANK = "_rank";
  private static final String FILE_ID = "_file_id";
  private static final String LINE_ID = "_line_id";
  private static final String KEY_HASH = "_key_hash";
  /** Bytes an id and what tells its rows apart take in a frame sent to every task, about. */
  private static final long ID_BYTES = 64;
  /**
   * The most bytes of ids sent to every task, however low Spark's join threshold (10 MB by default,
   * about 160,000 ids): a day of 10 million verifications has some 200,000 repeated event ids (its
   * resends), and past the threshold every row of the day was ranked in a shuffle of its own
   * (16 GB there). A million ids are a small table beside any driver's heap.
   */
  private static final long MAX_IDS_BYTES = 64L << 20;
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
        // the sources side by side (SideBySide): each is a chain of small jobs on a small day, whose
        // ingest took 0.91x the time (docs/benchmarks.md, "ingest's sources side by side")
        List<FileCounts> counts = new ArrayList<>();
        SideBySide.each(sources, Source::count).forEach(counts::addAll);
        Map<LocalDate, Long> changed = new java.util.TreeMap<>();
        for (Source source : sources) {
          if (TRAFFIC_TABLES.contains(source.parser.table().name())) {
            source.changedRows.forEach((date, rows) -> changed.merge(date, rows, Long::sum));
          }
        }
        IngestResult result = new IngestResult(settings.runId(), counts, changed);
        if (result.badFraction() > settings.maxBadFraction()) {
          throw new TooManyBadLinesException(result, settings.maxBadFraction());
        }
        SideBySide.each(sources, Source::publish);
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
    if (sources.stream().allMatch(source -> source.quarantinedLines == 0)) {
      return; // nothing to add: the day's quarantine is what it was (a table never written reads as empty)
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Dataset<Row> rejected = settings.warehouse().read(spark, QuarantineTable.TABLE, today, today);
    for (Source source : sources) {
      if (source.quarantinedLines > 0) {
        rejected = rejected.unionByName(source.rejected(today));
      }
    }
    // a rerun of the same day quarantines the same lines again: keep one row per line
    Dataset<Row> distinct = rejected.dropDuplicates("source", "file", "line", "raw");
    settings.warehouse().publish(spark, QuarantineTable.TABLE, distinct, List.of(today));
  }

  /** One input kind on its way to its table. */
  private final class Source {
    private final RecordParser parser;
    private final Map<String, List<String>> unknownColumns = new HashMap<>();
    /** The parsed lines, for the passes that count, rank and publish them. */
    private final Dataset<Row> staged;
    /** What this source keeps on local disk (the parsed lines, what ranking found), freed when the ingest ends. */
    private final List<Dataset<Row>> onDisk = new ArrayList<>();
    /** The rows to publish: every incoming and published row that no other row of its id beat. */
    private Dataset<Row> kept;
    private TreeSet<LocalDate> dates;
    private final Map<LocalDate, Long> changedRows = new HashMap<>();
    /** Lines quarantined, known once counted: without any, the quarantine need not look at the lines again. */
    private long quarantinedLines;

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
      this.staged = keepOnDisk(fileParser.staged(spark, files));
    }

    /** Classifies every line against the input and the published rows of the same dates. */
    List<FileCounts> count() {
      // lines per file and date, quarantined or not: the dates to read, and the accounting before duplicates
      Map<String, long[]> byFile = new HashMap<>();
      unknownColumns.keySet().forEach(file -> byFile.put(file, new long[3]));
      dates = new TreeSet<>();
      Dataset<Row> lines = staged.select(col(StagedRow.FILE), StagedRow.partitionDate(parser.partitionTimeColumn()),
          col(StagedRow.REASON).isNotNull().as(QUARANTINED));
      for (Row row : lines.groupBy(StagedRow.FILE, WarehouseTable.DATE, QUARANTINED).count().collectAsList()) {
        long[] counts = byFile.computeIfAbsent(row.getString(0), file -> new long[3]);
        if (row.getBoolean(2)) {
          counts[1] += row.getLong(3);
          quarantinedLines += row.getLong(3);
        } else {
          counts[0] += row.getLong(3);
          LocalDate date = row.getDate(1).toLocalDate();
          dates.add(date);
          changedRows.merge(date, row.getLong(3), Long::sum);
        }
      }
      Dataset<Row> incoming = StagedRow.withTableColumns(staged.where(col(StagedRow.REASON).isNull()),
          parser.table().schema(), parser.partitionTimeColumn()).withColumn(ORIGIN, lit(1));
      Dataset<Row> published = dates.isEmpty()
          ? spark.createDataFrame(List.of(), parser.table().schema())
          : settings.warehouse().read(spark, parser.table(), dates.first(), dates.last())
              .where(WarehouseTable.dateIn(dates));
      published = published
          .withColumn(StagedRow.FILE, lit(null).cast("string"))
          .withColumn(StagedRow.LINE, lit(null).cast("long"))
          .withColumn(ORIGIN, lit(0));
      Dataset<Row> losers = rank(identified(incoming.unionByName(published)), published.count());
      // an input line that lost to another line or to a published row is a duplicate, not accepted
      for (Row row : losers.where(col(ORIGIN).equalTo(1)).groupBy(StagedRow.FILE, WarehouseTable.DATE).count()
          .collectAsList()) {
        long[] counts = byFile.get(row.getString(0));
        counts[0] -= row.getLong(2);
        counts[2] += row.getLong(2);
        changedRows.merge(row.getDate(1).toLocalDate(), -row.getLong(2), Long::sum);
      }
      List<FileCounts> result = new ArrayList<>();
      byFile.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
        long[] c = entry.getValue();
        result.add(new FileCounts(parser.table().name(), entry.getKey(), c[0] + c[1] + c[2], c[0], c[1], c[2],
            unknownColumns.getOrDefault(entry.getKey(), List.of())));
      });
      return result;
    }

    /** Rows with what tells them apart within one id: published or not, file and line (none when published). */
    private Dataset<Row> identified(Dataset<Row> rows) {
      return rows.withColumn(FILE_ID, coalesce(col(StagedRow.FILE), lit("")))
          .withColumn(LINE_ID, coalesce(col(StagedRow.LINE), lit(-1L)));
    }

    /**
     * Ranks the rows of every id that occurs more than once among the incoming and published rows:
     * the one whose content has the smallest hash survives, then the published one, then the first by
     * file and line; the others lose. One ranking, planned by how many ids repeat. None (reference
     * files, most days of CDRs): nothing is ranked, and nothing loses. Few (a new day's
     * occasional resend): only their rows are ranked, so the day's rows are not shuffled, and the
     * losers, a small frame sent to every task, are taken out of the rows as they are published.
     * Many (a day ingested again, or added to a day that holds many rows already, where they cannot
     * be known to be few without counting): every row is ranked in one shuffle and kept ranked for
     * the publish. Sets {@link #kept}; returns the losers.
     */
    private Dataset<Row> rank(Dataset<Row> candidates, long publishedRows) {
      String key = parser.keyColumn();
      Column keyHash = xxhash64(col(key)).as(KEY_HASH);
      Dataset<Row> repeatedIds = null;
      if (fitsEveryTask(publishedRows)) {
        // the ids' 64-bit hashes rather than the ids: an aggregation of longs, not of strings, and a
        // smaller frame to send. An id that only shares its hash with a repeated one is ranked as
        // well, alone in its id, and wins.
        repeatedIds = keepOnDisk(candidates.groupBy(keyHash).count().where(col("count").gt(1)).select(KEY_HASH));
      }
      long repeated = repeatedIds == null ? -1 : repeatedIds.count();
      if (repeated == 0) {
        // no id occurs twice (reference files, most CDR days): nothing loses, and the rows are not read to rank none
        kept = candidates;
        return spark.createDataFrame(List.of(), candidates.schema());
      }
      boolean few = repeated > 0 && fitsEveryTask(repeated);
      Column[] content = Arrays.stream(parser.table().schema().fieldNames()).map(name -> col(name)).toArray(Column[]::new);
      Dataset<Row> ranked = (few
              ? candidates.withColumn(KEY_HASH, keyHash)
                  .join(broadcast(repeatedIds), new String[] {KEY_HASH}, "left_semi").drop(KEY_HASH)
              : candidates)
          .withColumn(ROW_HASH, xxhash64(struct(content)))
          .withColumn(RANK, row_number().over(Window.partitionBy(key)
              .orderBy(col(ROW_HASH), col(ORIGIN), col(StagedRow.FILE), col(StagedRow.LINE))))
          .drop(ROW_HASH);
      String[] identity = {key, ORIGIN, FILE_ID, LINE_ID};
      if (few) {
        Dataset<Row> losers = keepOnDisk(ranked.where(col(RANK).gt(1)));
        Dataset<Row> lost = losers.selectExpr(identity);
        kept = candidates.join(fitsEveryTask(losers.count()) ? broadcast(lost) : lost, identity, "left_anti");
        return losers;
      }
      Dataset<Row> allRanked = keepOnDisk(ranked);
      kept = allRanked.where(col(RANK).equalTo(1)).drop(RANK);
      return allRanked.where(col(RANK).gt(1));
    }

    /** {@code frame}, computed by the first job that reads it and kept on local disk until the ingest ends. */
    private Dataset<Row> keepOnDisk(Dataset<Row> frame) {
      Dataset<Row> written = LocalCheckpoint.onDisk(frame);
      onDisk.add(written);
      return written;
    }

    /**
     * Whether a frame of {@code rows} ids is small enough to send to every task: within Spark's
     * broadcast threshold or {@link #MAX_IDS_BYTES}, whichever is larger; never when broadcasts are
     * turned off (a threshold of -1).
     */
    private boolean fitsEveryTask(long rows) {
      long threshold = spark.sessionState().conf().autoBroadcastJoinThreshold();
      return threshold >= 0 && rows * ID_BYTES <= Math.max(threshold, MAX_IDS_BYTES);
    }

    /** Publishes the kept rows to the table; returns the rows written. */
    long publish() {
      return settings.warehouse().publish(spark, parser.table(), kept, dates);
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
      onDisk.forEach(LocalCheckpoint::release);
    }
  }
}
