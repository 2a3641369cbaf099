package io.flashguard.core.warehouse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Path;

/**
 * A table's pointer file {@code _current}: one line {@code YYYY-MM-DD version} per published
 * partition, naming the folder {@code date=YYYY-MM-DD/v=version} that holds it. Replacing this
 * small file by an atomic rename is the single step that publishes a run's partitions, all at once.
 */
final class TableVersions {
  static final String POINTER = "_current";

  private final FileContext files;
  private final Path pointer;

  TableVersions(Configuration conf, Path table) throws IOException {
    this.files = AtomicFile.files(conf, table);
    this.pointer = new Path(table, POINTER);
  }

  /** The published partitions, by date; empty for a table never published. */
  Map<LocalDate, String> read() throws IOException {
    Map<LocalDate, String> versions = new TreeMap<>();
    if (!files.util().exists(pointer)) {
      return versions;
    }
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(files.open(pointer), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          String[] parts = line.trim().split("\\s+");
          versions.put(LocalDate.parse(parts[0]), parts[1]);
        }
      }
    }
    return versions;
  }

  /** Replaces the pointer in one atomic rename. */
  void write(Map<LocalDate, String> versions, String writer) throws IOException {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(versions).forEach((date, version) -> text.append(date).append(' ').append(version).append('\n'));
    AtomicFile.replace(files, pointer, text.toString(), writer);
  }
}
