package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Reads the timestamps of docs/input-formats.md: ISO-8601 with an offset or {@code Z}, or
 * {@code yyyy-MM-dd HH:mm:ss[.SSS]} (a {@code T} is accepted too) without zone, read in the input
 * zone. The result is microseconds since the epoch, UTC.
 */
final class Timestamps implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd")
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();

  private final ZoneId inputZone;

  Timestamps(ZoneId inputZone) {
    this.inputZone = inputZone;
  }

  long parseMicros(String column, String text) throws Rejection {
    try {
      TemporalAccessor parsed = FORMAT.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
      Instant instant = parsed instanceof OffsetDateTime offset
          ? offset.toInstant()
          : ((LocalDateTime) parsed).atZone(inputZone).toInstant();
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
          instant.getNano() / 1_000L);
    } catch (DateTimeException | ArithmeticException e) {
      throw new Rejection(RejectReason.BAD_TIMESTAMP, column, "not a timestamp: '" + text + "'");
    }
  }
}
