package io.flashguard.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads labels files (docs/input-formats.md) without storing them, for {@code evaluate --labels}: the same
 * parser and checks as ingest, but a bad line stops the evaluation — scoring against a label set
 * that silently lost some lines would misstate the metrics.
 */
public final class LabelFiles {
  private LabelFiles() {}

  /**
   * The decisions in {@code paths}, in the {@code labels} table's schema.
   *
   * @throws InputFileException naming the file, line and column of the first bad line
   */
  public static Dataset<Row> read(SparkSession spark, List<String> paths) {
    RecordParser parser = ReferenceParsers.labels();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String> files = new ArrayList<>();
    for (String path : paths) {
      files.addAll(InputFiles.expand(conf, path, parser.extensions()));
    }
    FileParser fileParser = new FileParser(parser, ZoneOffset.UTC, null);
    files.forEach(file -> fileParser.layout(conf, file));
    Dataset<Row> staged = fileParser.staged(spark, files).persist();
    List<Row> bad = staged.where(col(StagedRow.REASON).isNotNull())
        .select(StagedRow.FILE, StagedRow.LINE, StagedRow.COLUMN, StagedRow.DETAIL)
        .orderBy(StagedRow.FILE, StagedRow.LINE).limit(1).collectAsList();
    if (!bad.isEmpty()) {
      Row first = bad.get(0);
      staged.unpersist();
      throw new InputFileException(first.getString(0) + ": line " + first.getLong(1)
          + (first.isNullAt(2) ? "" : ", field " + first.getString(2)) + ": " + first.getString(3)
          + "; fix the labels file (every line must be a decision) and evaluate again");
    }
    return StagedRow.withTableColumns(staged.where(col(StagedRow.REASON).isNull()), parser.table().schema(),
        parser.partitionTimeColumn());
  }
}
