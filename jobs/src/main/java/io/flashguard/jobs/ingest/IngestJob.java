package io.flashguard.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.flashguard.core.tables.QuarantineTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.Warehouse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Validates, normalises, pseudonymises and deduplicates the input files, then writes the accepted
 * rows to their tables and the rejected lines to {@code quarantine}. Nothing is written when the
 * share of quarantined lines passes {@link IngestSettings#maxBadFraction()}.
 *
 * <p>Files are parsed one per task with Commons CSV, so every line keeps its exact line number and
 * a broken line never takes its neighbours with it. Duplicates (the same call_id or event_id) are
 * removed deterministically: the row whose raw line has the smallest xxhash64 wins, whatever the
 * order or names of the files (file and line break the tie between identical lines).
 */
public final class IngestJob {
  private static final String OUTCOME = "_outcome";
  private static final String ACCEPTED = "accepted";
  private static final String QUARANTINED = "quarantined";
  private static final String DUPLICATE = "duplicate";
  private static final String RAW_HASH = "_raw_hash";

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
        sources.add(stage(settings.cdrFormat().parser(settings.pseudonymizer(), settings.routeId()),
            settings.cdrPaths()));
      }
      if (!settings.verificationPaths().isEmpty()) {
        sources.add(stage(new VerificationEventParser(settings.pseudonymizer()), settings.verificationPaths()));
      }
      try {
        List<FileCounts> counts = new ArrayList<>();
        for (Source source : sources) {
          counts.addAll(source.count());
        }
        IngestResult result = new IngestResult(settings.runId(), counts);
        if (result.badFraction() > settings.maxBadFraction()) {
          throw new TooManyBadLinesException(result, settings.maxBadFraction());
        }
        for (Source source : sources) {
          source.publish();
        }
        return result;
      } finally {
        sources.forEach(source -> source.classified.unpersist());
      }
    });
  }

  private Source stage(RecordParser parser, List<String> paths) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String> files = new ArrayList<>();
    for (String path : paths) {
      files.addAll(InputFiles.expand(conf, path, parser.extensions()));
    }
    FileParser fileParser = new FileParser(parser, settings.inputZone(), settings.defaultRegion());
    Map<String, List<String>> unknownColumns = new HashMap<>();
    for (String file : files) {
      unknownColumns.put(file, fileParser.layout(conf, file).unknownColumns());
    }

    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(files, files.size())
        .flatMap(file -> fileParser.rows(new Configuration(), file));
    Dataset<Row> staged = spark.createDataFrame(rows, StagedRow.schemaFor(parser.tableSchema()));

    // The raw line decides which duplicate survives, through its hash: the line itself is needed
    // only for quarantined rows and would otherwise be shuffled along with every accepted row.
    Dataset<Row> accepted = staged.where(col(StagedRow.REASON).isNull())
        .withColumn(RAW_HASH, xxhash64(col(StagedRow.RAW)))
        .withColumn(StagedRow.RAW, lit(null).cast("string"))
        .withColumn(OUTCOME, when(row_number().over(Window
            .partitionBy(parser.keyColumn())
            .orderBy(col(RAW_HASH), col(StagedRow.FILE), col(StagedRow.LINE))).equalTo(1), lit(ACCEPTED))
            .otherwise(lit(DUPLICATE)))
        .drop(RAW_HASH);
    Dataset<Row> quarantined = staged.where(col(StagedRow.REASON).isNotNull())
        .withColumn(OUTCOME, lit(QUARANTINED));
    Dataset<Row> classified = accepted.unionByName(quarantined).persist();
    return new Source(parser, classified, unknownColumns);
  }

  /** One input kind on its way to its table. */
  private final class Source {
    private final RecordParser parser;
    private final Dataset<Row> classified;
    private final Map<String, List<String>> unknownColumns;

    Source(RecordParser parser, Dataset<Row> classified, Map<String, List<String>> unknownColumns) {
      this.parser = parser;
      this.classified = classified;
      this.unknownColumns = unknownColumns;
    }

    List<FileCounts> count() {
      Map<String, long[]> byFile = new HashMap<>();
      unknownColumns.keySet().forEach(file -> byFile.put(file, new long[3]));
      for (Row row : classified.groupBy(StagedRow.FILE, OUTCOME).count().collectAsList()) {
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
        result.add(new FileCounts(parser.tableName(), entry.getKey(), c[0] + c[1] + c[2], c[0], c[1], c[2],
            unknownColumns.getOrDefault(entry.getKey(), List.of())));
      });
      return result;
    }

    void publish() {
      Warehouse warehouse = settings.warehouse();
      warehouse.replacePartitions(
          StagedRow.toTable(classified.where(col(OUTCOME).equalTo(ACCEPTED)),
              parser.tableSchema(), parser.partitionTimeColumn()),
          parser.tableName(), parser.tableSchema());
      Dataset<Row> rejected = classified.where(col(OUTCOME).equalTo(QUARANTINED)).select(
          lit(settings.runId()).as("run_id"),
          lit(parser.tableName()).as("source"),
          col(StagedRow.FILE).as("file"),
          col(StagedRow.LINE).as("line"),
          col(StagedRow.REASON).as("reason"),
          col(StagedRow.COLUMN).as("column"),
          col(StagedRow.DETAIL).as("detail"),
          col(StagedRow.RAW).as("raw"),
          lit(java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC))).as(Warehouse.DATE));
      rejected.write().mode("append").partitionBy(Warehouse.DATE)
          .parquet(warehouse.tablePath(QuarantineTable.NAME));
    }
  }

}
