package io.flashguard.jobs.ingest;

import java.util.List;

/** A record parser for CSV files with a header whose columns are matched by name (docs/input-formats.md). */
abstract class HeaderCsvParser implements RecordParser {
  private static final long serialVersionUID = 1L;

  @Override
  public List<String> extensions() {
    return List.of(".csv");
  }

  @Override
  public LineLayout layout(String file, String firstLine) {
    return LineLayouts.csvWithHeader(file, firstLine, this);
  }
}
