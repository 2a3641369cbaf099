package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one input line, looked up by canonical column name and converted to typed values.
 * Every conversion either returns a value (null for an empty optional field) or throws a
 * {@link Rejection} naming the column: one mechanism for every input format.
 */
final class LineFields {
  private final Map<String, Integer> positions;
  private final Timestamps timestamps;
  private final PhoneNumbers phones;
  private String[] values;
  private String raw;

  LineFields(Map<String, Integer> positions, Timestamps timestamps, PhoneNumbers phones) {
    this.positions = positions;
    this.timestamps = timestamps;
    this.phones = phones;
  }

  void reset(String[] lineValues, String rawLine) {
    this.values = lineValues;
    this.raw = rawLine;
  }

  /** The line as read, for formats that derive an id from it. */
  String raw() {
    return raw;
  }

  /** Fields over other values and positions, read with the same zone and number rules. */
  LineFields over(Map<String, Integer> otherPositions, String[] otherValues) {
    LineFields other = new LineFields(otherPositions, timestamps, phones);
    other.reset(otherValues, raw);
    return other;
  }

  PhoneNumbers phones() {
    return phones;
  }

  /** Whether the input has the column (its value may still be empty on this line). */
  boolean has(String column) {
    return positions.containsKey(column);
  }

  /** The trimmed text, or null when the column is absent or empty. */
  String text(String column) {
    Integer position = positions.get(column);
    if (position == null || position >= values.length) {
      return null;
    }
    String value = values[position].trim();
    return value.isEmpty() ? null : value;
  }

  String requiredText(String column) throws Rejection {
    String value = text(column);
    if (value == null) {
      throw new Rejection(RejectReason.MISSING_FIELD, column, "required value is empty");
    }
    return value;
  }

  String boundedText(String column, int maxLength) throws Rejection {
    String value = requiredText(column);
    if (value.length() > maxLength) {
      throw new Rejection(RejectReason.BAD_VALUE, column, "longer than " + maxLength + " characters");
    }
    return value;
  }

  Long micros(String column) throws Rejection {
    String value = text(column);
    return value == null ? null : timestamps.parseMicros(column, value);
  }

  long requiredMicros(String column) throws Rejection {
    return timestamps.parseMicros(column, requiredText(column));
  }

  /** A calendar date {@code yyyy-MM-dd}, or null when empty. */
  java.sql.Date date(String column) throws Rejection {
    String value = text(column);
    if (value == null) {
      return null;
    }
    try {
      return java.sql.Date.valueOf(java.time.LocalDate.parse(value));
    } catch (java.time.format.DateTimeParseException e) {
      throw new Rejection(RejectReason.BAD_TIMESTAMP, column, "not a date yyyy-MM-dd: '" + value + "'");
    }
  }

  Integer integer(String column, int min, int max) throws Rejection {
    String value = text(column);
    return value == null ? null : checkedInteger(column, value, min, max);
  }

  int requiredInteger(String column, int min, int max) throws Rejection {
    return checkedInteger(column, requiredText(column), min, max);
  }

  BigDecimal nonNegativeDecimal(String column) throws Rejection {
    String value = text(column);
    if (value == null) {
      return null;
    }
    try {
      BigDecimal decimal = new BigDecimal(value);
      if (decimal.signum() < 0 || decimal.precision() - decimal.scale() > 12) {
        throw new Rejection(RejectReason.BAD_VALUE, column, "not a decimal >= 0 below 10^12: '" + value + "'");
      }
      return decimal;
    } catch (NumberFormatException e) {
      throw new Rejection(RejectReason.BAD_VALUE, column, "not a decimal: '" + value + "'");
    }
  }

  /**
   * The allowed value the field names, whatever its case ({@code iOS} is {@code ios}, {@code Manual}
   * is {@code manual}): writers of the same format spell names their own way, and a platform or a
   * report source lost to its spelling would take the verification's evidence with it.
   */
  String oneOf(String column, Set<String> allowed) throws Rejection {
    String value = text(column);
    if (value == null || allowed.contains(value)) {
      return value;
    }
    for (String name : allowed) {
      if (name.equalsIgnoreCase(value)) {
        return name;
      }
    }
    throw new Rejection(RejectReason.BAD_ENUM, column, "'" + value + "' is not one of " + allowed);
  }

  String requiredOneOf(String column, Set<String> allowed) throws Rejection {
    requiredText(column);
    return oneOf(column, allowed);
  }

  PhoneNumbers.Number phone(String column) throws Rejection {
    String value = text(column);
    return value == null ? null : phones.normalise(column, value);
  }

  PhoneNumbers.Number requiredPhone(String column) throws Rejection {
    return phones.normalise(column, requiredText(column));
  }

  private static int checkedInteger(String column, String value, int min, int max) throws Rejection {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new Rejection(RejectReason.BAD_VALUE, column, value + " is outside " + min + ".." + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new Rejection(RejectReason.BAD_VALUE, column, "not an integer: '" + value + "'");
    }
  }
}
