package io.flashguard.core.warehouse;

import io.flashguard.core.BadInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.spark.sql.DataFrameReader;

/**
 * A point in a Delta table's history to read: a version number of the table, or a UTC time (the
 * version that was current then). Parsed from the {@code --as-of} option.
 */
public record AsOf(Long version, Instant timestamp) {
  private static final DateTimeFormatter DELTA_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  public AsOf {
    if ((version == null) == (timestamp == null)) {
      throw new BadInputException("give a version or a timestamp, one of them");
    }
  }

  /**
   * {@code 12} (a version), {@code 2026-11-25T06:00:00Z}, {@code 2026-11-25T06:00:00} or
   * {@code 2026-11-25 06:00:00} (UTC), or {@code 2026-11-25} (its start, UTC).
   */
  public static AsOf parse(String text) {
    String value = text.strip();
    if (value.matches("\\d+")) {
      return new AsOf(Long.parseLong(value), null);
    }
    try {
      if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return new AsOf(null, LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
      }
      if (value.endsWith("Z")) {
        return new AsOf(null, Instant.parse(value));
      }
      return new AsOf(null, LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      throw new BadInputException("--as-of takes a table version (a whole number) or a UTC time such as "
          + "2026-11-25T06:00:00Z; got '" + text + "'", e);
    }
  }

  public boolean isTimestamp() {
    return timestamp != null;
  }

  DataFrameReader apply(DataFrameReader reader) {
    return isTimestamp() ? reader.option("timestampAsOf", DELTA_TIMESTAMP.format(timestamp))
        : reader.option("versionAsOf", version);
  }

  /** For file names: {@code 20261125T060000Z} (whole seconds) or {@code v12}. */
  public String label() {
    return isTimestamp() ? LABEL.format(timestamp) : "v" + version;
  }

  /** {@code version 12} or {@code 2026-11-25T06:00:00Z}. */
  @Override
  public String toString() {
    return isTimestamp() ? timestamp.toString() : "version " + version;
  }
}
