package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import io.flashguard.core.warehouse.FaultPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Parses input files line by line inside Spark tasks: every physical line (after the header, if
 * the layout has one) becomes exactly one staged row, accepted or rejected, with its physical
 * line number (the first line of the file is line 1). Lines are streamed; a file is never held in
 * memory.
 */
final class FileParser implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RecordParser parser;
  private final String zone;
  private final String defaultRegion;

  FileParser(RecordParser parser, ZoneId inputZone, String defaultRegion) {
    this.parser = parser;
    this.zone = inputZone.getId();
    this.defaultRegion = defaultRegion;
  }

  /** The layout of {@code file}, read on the driver to fail fast on a missing column. */
  LineLayout layout(Configuration conf, String file) {
    try (BufferedReader reader = InputFiles.open(conf, file)) {
      return parser.layout(file, reader.readLine());
    } catch (IOException e) {
      throw new InputFileException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The staged rows of every line of {@code files}, accepted or rejected: one Spark task per range of
   * whole lines ({@link LineRanges}), so a large file is parsed by several tasks.
   */
  Dataset<Row> staged(SparkSession spark, List<String> files) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<LineRange> ranges = LineRanges.of(context, files, spark.sessionState().conf().filesMaxPartitionBytes());
    JavaRDD<Row> rows = context.parallelize(ranges, Math.max(1, ranges.size()))
        .flatMap(range -> rows(new Configuration(), range));
    return spark.createDataFrame(rows, StagedRow.schemaFor(parser.table().schema()));
  }

  /**
   * The staged rows of a range's lines, numbered from its first line. Only the range that starts the
   * file reads its header there; a later range takes the layout from the file's first line.
   */
  Iterator<Row> rows(Configuration conf, LineRange range) {
    FaultPoint.failFirstTaskAttempt();
    String file = range.file();
    BufferedReader reader;
    LineLayout layout;
    String first;
    try {
      if (range.holdsTheHeader()) {
        reader = InputFiles.open(conf, range);
        first = reader.readLine();
        layout = parser.layout(file, first);
      } else {
        layout = layout(conf, file);
        reader = InputFiles.open(conf, range);
        first = null;
      }
    } catch (IOException e) {
      throw new InputFileException(file + ": cannot be read: " + e.getMessage(), e);
    }
    LineFields fields = new LineFields(
        layout.positions(), new Timestamps(ZoneId.of(zone)), new PhoneNumbers(defaultRegion));
    StagedRow staged = new StagedRow(StagedRow.schemaFor(parser.table().schema()));
    boolean firstIsData = range.holdsTheHeader() && layout.firstLineIsData();
    boolean headerRead = range.holdsTheHeader() && !firstIsData;
    return new Iterator<>() {
      /** The number of the line read last: the header, or the line before the range. */
      private long lineNumber = headerRead ? range.firstLine() : range.firstLine() - 1;
      private String next = firstIsData ? first : readLine();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Row next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        String raw = next;
        lineNumber++;
        next = readLine();
        try {
          parseLine(raw, layout, fields, staged);
          return staged.accepted(file, lineNumber);
        } catch (Rejection rejection) {
          return staged.rejected(file, lineNumber, raw, rejection);
        }
      }

      private String readLine() {
        try {
          String line = reader.readLine();
          if (line == null) {
            reader.close();
          }
          return line;
        } catch (IOException e) {
          throw new UncheckedIOException(file + ": read failed after line " + lineNumber, e);
        }
      }
    };
  }

  private void parseLine(String raw, LineLayout layout, LineFields fields, StagedRow staged)
      throws Rejection {
    staged.clear();
    if (raw.isBlank()) {
      throw new Rejection(RejectReason.EMPTY_LINE, null, "empty line");
    }
    fields.reset(layout.split(raw), raw);
    parser.parse(fields, staged);
  }
}
