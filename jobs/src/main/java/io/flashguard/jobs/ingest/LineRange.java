package io.flashguard.jobs.ingest;

import java.io.Serializable;

/**
 * Whole lines of one input file for one task: the bytes from {@code start} up to {@code end}
 * (exclusive; {@link #TO_THE_END} for the rest of the file), whose first line is line number
 * {@code firstLine} of the file (the file's first line is line 1). A range that starts at byte 0
 * holds the file's header, if its layout has one.
 */
record LineRange(String file, long start, long end, long firstLine) implements Serializable {
  static final long TO_THE_END = -1;

  /** The whole file, as one task reads a file it does not cut (compressed, or small). */
  static LineRange whole(String file) {
    return new LineRange(file, 0, TO_THE_END, 1);
  }

  boolean holdsTheHeader() {
    return start == 0;
  }
}
