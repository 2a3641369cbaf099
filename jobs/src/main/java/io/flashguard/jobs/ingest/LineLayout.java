package io.flashguard.jobs.ingest;

import java.util.List;
import java.util.Map;

/**
 * How the lines of one file become named fields: a CSV header, fixed positions of a switch's CDR
 * dialect, or the keys of JSON objects. Built per file from its name and first line.
 */
interface LineLayout {
  /** Where each canonical or dialect column sits in the array {@link #split} returns. */
  Map<String, Integer> positions();

  /** Columns (or keys) of the file that no parser reads; ignored and reported. */
  List<String> unknownColumns();

  /** Whether the file's first line is a record (true) or a header (false). */
  boolean firstLineIsData();

  /** The fields of one line, or a rejection (unbalanced quote, wrong field count, bad JSON). */
  String[] split(String raw) throws Rejection;
}
