package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Reads the timestamps of docs/input-formats.md: ISO-8601 with an offset or {@code Z}, or
 * {@code yyyy-MM-dd HH:mm:ss[.SSS]} (a {@code T} is accepted too) without zone, read in the input
 * zone. The result is microseconds since the epoch, UTC.
 *
 * <p>Every CDR and event line has one or more timestamps, so the common shape (one separator, valid
 * fields, an optional fraction and offset) is read digit by digit; anything else — an unusual but
 * accepted shape, or a bad timestamp — goes to the formatter, which decides as it always did.
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

  /** What {@link #commonShape} returns for a text it leaves to the formatter; no timestamp maps to it. */
  private static final long NOT_COMMON = Long.MIN_VALUE;
  private static final int MAX_OFFSET_SECONDS = 18 * 3600;

  private final ZoneId inputZone;
  /** The input zone's offset when it never changes (UTC, a fixed offset), else null. */
  private final ZoneOffset fixedOffset;

  Timestamps(ZoneId inputZone) {
    this.inputZone = inputZone;
    this.fixedOffset = inputZone.getRules().isFixedOffset() ? inputZone.getRules().getOffset(Instant.EPOCH) : null;
  }

  long parseMicros(String column, String text) throws Rejection {
    long micros = commonShape(text);
    return micros != NOT_COMMON ? micros : withFormatter(column, text);
  }

  /** The formatter's reading of {@code text}: every accepted shape, and the rejection of the rest. */
  long withFormatter(String column, String text) throws Rejection {
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

  /**
   * {@code yyyy-MM-dd[T| ]HH:mm:ss[.f{1,9}][Z|±HH:MM|±HHMM]} with every field in its range, as
   * microseconds; {@link #NOT_COMMON} for any other text.
   */
  private long commonShape(String text) {
    int length = text.length();
    if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':'
        || text.charAt(16) != ':' || (text.charAt(10) != 'T' && text.charAt(10) != ' ')) {
      return NOT_COMMON;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
      return NOT_COMMON;
    }
    int position = 19;
    int nanos = 0;
    if (position < length && text.charAt(position) == '.') {
      int start = ++position;
      while (position < length && position - start < 9 && isDigit(text.charAt(position))) {
        nanos = nanos * 10 + (text.charAt(position++) - '0');
      }
      int width = position - start;
      if (width == 0) {
        return NOT_COMMON;
      }
      for (int i = width; i < 9; i++) {
        nanos *= 10;
      }
    }
    long localSeconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
    long epochSeconds;
    if (position == length) {
      epochSeconds = fixedOffset != null
          ? localSeconds - fixedOffset.getTotalSeconds()
          : LocalDateTime.of(year, month, day, hour, minute, second).atZone(inputZone).toEpochSecond();
    } else {
      int offset = offsetSeconds(text, position);
      if (offset == Integer.MIN_VALUE) {
        return NOT_COMMON;
      }
      epochSeconds = localSeconds - offset;
    }
    return epochSeconds * 1_000_000L + nanos / 1_000;
  }

  /** {@code Z}, {@code ±HH:MM} or {@code ±HHMM} from {@code position} to the end; MIN_VALUE otherwise. */
  private static int offsetSeconds(String text, int position) {
    int rest = text.length() - position;
    char sign = text.charAt(position);
    if (sign == 'Z') {
      return rest == 1 ? 0 : Integer.MIN_VALUE;
    }
    if (sign != '+' && sign != '-') {
      return Integer.MIN_VALUE;
    }
    int minutes;
    if (rest == 6 && text.charAt(position + 3) == ':') {
      minutes = digits(text, position + 4, 2);
    } else if (rest == 5) {
      minutes = digits(text, position + 3, 2);
    } else {
      return Integer.MIN_VALUE;
    }
    int hours = digits(text, position + 1, 2);
    if (hours < 0 || minutes < 0 || minutes > 59) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3_600 + minutes * 60;
    if (seconds > MAX_OFFSET_SECONDS) {
      return Integer.MIN_VALUE;
    }
    return sign == '-' ? -seconds : seconds;
  }

  /** The number written by {@code count} digits from {@code start}, or -1 when one is not a digit. */
  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
