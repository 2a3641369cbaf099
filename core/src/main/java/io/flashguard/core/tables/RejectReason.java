package io.flashguard.core.tables;

/** Why an input line was quarantined (docs/input-formats.md). Stored by name in {@code quarantine.reason}. */
public enum RejectReason {
  /** A timestamp that matches none of the accepted forms. */
  BAD_TIMESTAMP,
  /** A phone number that cannot be parsed or cannot exist. */
  BAD_NUMBER,
  /** A required value is empty. */
  MISSING_FIELD,
  /** More fields than the header (or dialect) has. */
  TOO_MANY_FIELDS,
  /** Fewer fields than the header (or dialect) has. */
  TOO_FEW_FIELDS,
  /** A quote opened and not closed on the line, or text after a closing quote. */
  UNBALANCED_QUOTE,
  /** A value outside its enumeration. */
  BAD_ENUM,
  /** A number that does not parse or lies outside its allowed range. */
  BAD_VALUE,
  /** Times in an impossible order (end before start, alert outside the call). */
  TIME_ORDER,
  /** Fields that contradict each other (an answer time on a leg whose SIP code is not 200). */
  INCONSISTENT,
  /** A JSON Lines record that is not one JSON object. */
  MALFORMED_JSON,
  /** A line with nothing on it. */
  EMPTY_LINE
}
