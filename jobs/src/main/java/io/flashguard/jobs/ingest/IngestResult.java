package io.flashguard.jobs.ingest;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one ingest run: the accounting of every file read, and per traffic date (of CDR
 * legs and verification events) the rows this run added or replaced (0 for dates whose input was
 * all duplicates of published rows).
 */
public record IngestResult(String runId, List<FileCounts> files, Map<LocalDate, Long> changedRowsByDate) {

  public IngestResult {
    files = List.copyOf(files);
    changedRowsByDate = Collections.unmodifiableMap(new TreeMap<>(changedRowsByDate));
  }

  public long linesRead() {
    return files.stream().mapToLong(FileCounts::linesRead).sum();
  }

  public long quarantined() {
    return files.stream().mapToLong(FileCounts::quarantined).sum();
  }

  /** Quarantined lines over lines read; 0 for an input with no lines. */
  public double badFraction() {
    long read = linesRead();
    return read == 0 ? 0 : (double) quarantined() / read;
  }

  /** The per-file accounting as a console table, ending with the run's totals. */
  public String report() {
    StringBuilder out = new StringBuilder(String.format(java.util.Locale.ROOT, "%-22s %10s %10s %11s %10s  %s%n",
        "table", "lines", "accepted", "quarantined", "duplicates", "file"));
    for (FileCounts file : files) {
      out.append(String.format(java.util.Locale.ROOT, "%-22s %,10d %,10d %,11d %,10d  %s%s%n", file.table(),
          file.linesRead(), file.accepted(), file.quarantined(), file.duplicates(), file.file(),
          file.unknownColumns().isEmpty() ? "" : "  (ignored columns: " + String.join(", ", file.unknownColumns()) + ")"));
    }
    out.append(String.format(java.util.Locale.ROOT, "run %s: %,d lines read, %,d quarantined (%.2f%%)%n", runId,
        linesRead(), quarantined(), 100 * badFraction()));
    return out.toString();
  }
}
