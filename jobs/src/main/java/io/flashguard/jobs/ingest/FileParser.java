package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/**
 * Parses one CSV file with a header, line by line, inside a Spark task: every physical line after
 * the header becomes exactly one staged row, accepted or rejected, with its line number (the header
 * is line 1). Lines are streamed; a file is never held in memory.
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

  /** The header of {@code file}, read on the driver to fail fast on a missing column. */
  CsvHeader header(Configuration conf, String file) {
    try (BufferedReader reader = InputFiles.open(conf, file)) {
      return CsvHeader.read(file, reader.readLine(), parser);
    } catch (IOException e) {
      throw new InputFileException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  Iterator<Row> rows(Configuration conf, String file) {
    BufferedReader reader;
    CsvHeader header;
    try {
      reader = InputFiles.open(conf, file);
      header = CsvHeader.read(file, reader.readLine(), parser);
    } catch (IOException e) {
      throw new InputFileException(file + ": cannot be read: " + e.getMessage(), e);
    }
    LineFields fields = new LineFields(
        header.positions(), new Timestamps(ZoneId.of(zone)), new PhoneNumbers(defaultRegion));
    StagedRow staged = new StagedRow(StagedRow.schemaFor(parser.tableSchema()));
    return new Iterator<>() {
      private long lineNumber = 1;
      private String next = readLine();

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
          parseLine(raw, header, fields, staged);
          return staged.accepted(file, lineNumber, raw);
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

  private void parseLine(String raw, CsvHeader header, LineFields fields, StagedRow staged)
      throws Rejection {
    staged.clear();
    if (raw.isBlank()) {
      throw new Rejection(RejectReason.EMPTY_LINE, null, "empty line");
    }
    String[] values = CsvLines.split(raw);
    if (values.length > header.width()) {
      throw new Rejection(RejectReason.TOO_MANY_FIELDS, null,
          values.length + " fields, the header has " + header.width());
    }
    if (values.length < header.width()) {
      throw new Rejection(RejectReason.TOO_FEW_FIELDS, null,
          values.length + " fields, the header has " + header.width());
    }
    fields.reset(values);
    parser.parse(fields, staged);
  }
}
