package io.flashguard.jobs.ingest;

import java.io.Serializable;
import java.util.Objects;

/**
 * Whole lines of one input file for one task: the bytes from {@code start} up to {@code end}
 * (exclusive; {@link #TO_THE_END} for the rest of the file), whose first line is line number
 * {@code firstLine} of the file (the file's first line is line 1). A range that starts at byte 0
 * holds the file's header, if its layout has one.
 *
 * <p>A class, not a record: Spark sends ranges to tasks with the session's serializer, and Kryo
 * (which a cluster's {@code spark.serializer} often names) cannot build a record.
 */
final class LineRange implements Serializable {
  private static final long serialVersionUID = 1L;
  static final long TO_THE_END = -1;

  private final String file;
  private final long start;
  private final long end;
  private final long firstLine;

  LineRange(String file, long start, long end, long firstLine) {
    this.file = file;
    this.start = start;
    this.end = end;
    this.firstLine = firstLine;
  }

  /** The whole file, as one task reads a file it does not cut (compressed, or small). */
  static LineRange whole(String file) {
    return new LineRange(file, 0, TO_THE_END, 1);
  }

  String file() {
    return file;
  }

  long start() {
    return start;
  }

  long end() {
    return end;
  }

  long firstLine() {
    return firstLine;
  }

  boolean holdsTheHeader() {
    return start == 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LineRange that && file.equals(that.file) && start == that.start && end == that.end
        && firstLine == that.firstLine;
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, start, end, firstLine);
  }

  @Override
  public String toString() {
    return file + " bytes " + start + ".." + (end == TO_THE_END ? "end" : end) + " from line " + firstLine;
  }
}
