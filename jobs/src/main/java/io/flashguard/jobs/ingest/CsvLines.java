package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Splits one physical line into fields with Commons CSV. A record never spans lines (SPEC §4), so a
 * quote left open at the end of the line rejects that line alone.
 */
final class CsvLines {
  /** RFC 4180: comma, double quotes, doubled quotes inside quotes. */
  static final CSVFormat STANDARD = CSVFormat.RFC4180.builder().get();

  private CsvLines() {}

  static String[] split(String line, CSVFormat format) throws Rejection {
    try (CSVParser parser = CSVParser.parse(line, format)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1) {
        throw new Rejection(RejectReason.EMPTY_LINE, null, "the line holds no record");
      }
      return records.get(0).values();
    } catch (IOException | UncheckedIOException e) {
      throw new Rejection(RejectReason.UNBALANCED_QUOTE, null, "unbalanced quote: " + e.getMessage());
    }
  }
}
