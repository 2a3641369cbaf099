package io.flashguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Parquet files of a Delta table's latest version, read from its JSON commits (Delta's
 * PROTOCOL.md: {@code add} and {@code remove} actions, paths relative and URL-encoded), so that the
 * peer reads exactly the files Spark reads and needs no Delta reader of its own. The benchmark's
 * warehouses are fresh, a few commits per table; a table with a checkpoint is refused rather than
 * half read.
 */
final class DeltaFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaFiles() {}

  static List<String> live(Path table) {
    Path log = table.resolve("_delta_log");
    try (Stream<Path> entries = Files.list(log)) {
      List<Path> commits = new ArrayList<>();
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (name.contains(".checkpoint")) {
          throw new IllegalStateException(table + " has a checkpoint; the benchmark reads fresh warehouses only");
        }
        if (name.endsWith(".json")) {
          commits.add(entry);
        }
      }
      Set<String> files = new LinkedHashSet<>();
      for (Path commit : commits) {
        for (String line : Files.readAllLines(commit)) {
          JsonNode action = JSON.readTree(line);
          if (action.has("add")) {
            files.add(action.get("add").get("path").asText());
          } else if (action.has("remove")) {
            files.remove(action.get("remove").get("path").asText());
          }
        }
      }
      return files.stream().map(path -> table.resolve(URI.create(path).getPath()).toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Delta log of " + table, e);
    }
  }
}
