package io.flashguard.jobs.ingest;

import java.util.List;

/** The outcome of one ingest run: the accounting of every file read. */
public record IngestResult(String runId, List<FileCounts> files) {

  public IngestResult {
    files = List.copyOf(files);
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
}
