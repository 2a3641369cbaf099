package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Splits one physical line into fields with Commons CSV. A record never spans lines (docs/input-formats.md), so a
 * quote left open at the end of the line rejects that line alone.
 */
final class CsvLines {
  /** RFC 4180: comma, double quotes, doubled quotes inside quotes. */
  static final CSVFormat STANDARD = CSVFormat.RFC4180.builder().get();

  private CsvLines() {}

  private static String[] splitPlain(String line, boolean trim) {
    int count = 1;
    for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
      count++;
    }
    String[] fields = new String[count];
    int start = 0;
    for (int f = 0; f < count; f++) {
      int end = f == count - 1 ? line.length() : line.indexOf(',', start);
      String field = line.substring(start, end);
      fields[f] = trim ? field.strip() : field;
      start = end + 1;
    }
    return fields;
  }

  static String[] split(String line, CSVFormat format) throws Rejection {
    // A line without any quote character has no quoted field, escape or embedded comma: its
    // fields are the text between the commas, which Commons CSV would return too. Building a
    // CSVParser per line cost 8% of ingest (JFR, 1 M verifications), so only quoted lines pay it.
    if (line.indexOf('"') < 0) {
      return splitPlain(line, format.getIgnoreSurroundingSpaces());
    }
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
