package io.flashguard.jobs.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A CSV file's header: columns matched by name, case-insensitively, in any order (docs/input-formats.md). */
record CsvHeader(int width, Map<String, Integer> positions, List<String> unknownColumns) {

  /** Reads the header line, or fails the whole file naming the file and the missing column. */
  static CsvHeader read(String file, String line, RecordParser parser) {
    if (line == null) {
      throw new InputFileException(file + ": the file is empty; a header row is required");
    }
    String[] names;
    try {
      names = CsvLines.split(line, CsvLines.STANDARD);
    } catch (Rejection e) {
      throw new InputFileException(file + ": the header row cannot be read: " + e.getMessage());
    }
    Map<String, Integer> positions = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      String name = names[i].trim().toLowerCase(Locale.ROOT);
      if (parser.knownColumns().contains(name)) {
        positions.putIfAbsent(name, i);
      } else {
        unknown.add(name);
      }
    }
    for (String required : parser.requiredColumns()) {
      if (!positions.containsKey(required)) {
        throw new InputFileException(file + ": required column '" + required
            + "' is missing from the header (columns are matched by name, case-insensitively)");
      }
    }
    return new CsvHeader(names.length, Map.copyOf(positions), List.copyOf(unknown));
  }
}
