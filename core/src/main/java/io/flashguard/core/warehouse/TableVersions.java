package io.flashguard.core.warehouse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;
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
    Configuration raw = new Configuration(conf);
    // on a local disk, no .crc beside the pointer: renaming the pair is not atomic
    raw.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    this.files = FileContext.getFileContext(table.toUri(), raw);
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
    Path temporary = new Path(pointer.getParent(), POINTER + ".tmp-" + writer);
    try (OutputStream out = files.create(temporary, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE),
        Options.CreateOpts.createParent())) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    files.rename(temporary, pointer, Options.Rename.OVERWRITE);
  }
}
