package io.flashguard.jobs.ingest;

import java.util.List;

/**
 * The accounting of one input file (docs/input-formats.md): every line after the header is accepted, quarantined
 * or removed as a duplicate, so {@code linesRead == accepted + quarantined + duplicates}.
 */
public record FileCounts(
    String table, String file, long linesRead, long accepted, long quarantined, long duplicates,
    List<String> unknownColumns) {

  public boolean balances() {
    return linesRead == accepted + quarantined + duplicates;
  }
}
