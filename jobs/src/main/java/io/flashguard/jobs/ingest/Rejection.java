package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;

/**
 * A line broke a rule. Thrown while a line is parsed and caught by the line's parser, which turns
 * it into a quarantine row; it never leaves the task. No stack trace: it is control flow, and it
 * is thrown once per bad line.
 */
final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;
  private final String column;

  Rejection(RejectReason reason, String column, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
    this.column = column;
  }

  RejectReason reason() {
    return reason;
  }

  String column() {
    return column;
  }
}
