package io.flashguard.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.ingest.FileCounts;
import io.flashguard.jobs.ingest.InputChecksums.Checksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The record of one run, written as {@code runs/<run id>.json} under the warehouse: what was read
 * (with checksums), what every stage did and how long it took, and how the run ended. Days a
 * successful run completed are read back from here to skip them next time.
 */
public final class RunManifest {
  static final String FOLDER = "runs";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One stage of the run, over the days it covered ({@code 2026-11-02}, or {@code 2026-11-02..2026-11-04}
   * when a stage ran once over several days) or over the whole run (days null). {@code peakHeapMb} is
   * the most heap the driver kept during the stage ({@link HeapPeak}); in local mode that is all of
   * Spark's heap.
   */
  public record Stage(String name, String days, long rows, double seconds, long peakHeapMb) {}

  /** The JSON document. */
  public record Document(String runId, String command, String startedAt, String finishedAt, String outcome,
      String error, Map<String, String> versions, String keyId, Map<String, Checksum> inputs,
      List<FileCounts> files, long linesRead, long quarantined, List<Stage> stages,
      List<String> daysCompleted, List<String> daysSkipped, Map<String, Long> tableVersions) {}

  private final String runId;
  private final String command;
  private final Instant started = Instant.now();
  private final List<Stage> stages = new ArrayList<>();
  private final List<LocalDate> completed = new ArrayList<>();
  private final List<LocalDate> skipped = new ArrayList<>();
  private Map<String, Checksum> inputs = Map.of();
  private List<FileCounts> files = List.of();
  private String keyId;

  RunManifest(String runId, String command) {
    this.runId = runId;
    this.command = command;
  }

  void inputs(Map<String, Checksum> checksums, List<FileCounts> counts, String key) {
    this.inputs = new TreeMap<>(checksums);
    this.files = List.copyOf(counts);
    this.keyId = key;
  }

  void stage(String name, String days, long rows, double seconds, long peakHeapMb) {
    stages.add(new Stage(name, days, rows, seconds, peakHeapMb));
  }

  void completed(LocalDate day) {
    completed.add(day);
  }

  void skipped(LocalDate day) {
    skipped.add(day);
  }

  List<Stage> stages() {
    return List.copyOf(stages);
  }

  /** Writes the manifest; {@code error} is null for a successful run. */
  Document write(Configuration conf, Warehouse warehouse, String error) {
    Document document = new Document(runId, command, started.toString(), Instant.now().toString(),
        error == null ? "succeeded" : "failed", error, versions(), keyId, inputs, files,
        files.stream().mapToLong(FileCounts::linesRead).sum(),
        files.stream().mapToLong(FileCounts::quarantined).sum(), stages(),
        error == null ? completed.stream().map(LocalDate::toString).toList() : List.of(),
        skipped.stream().map(LocalDate::toString).toList(), new TreeMap<>(warehouse.committedVersions()));
    Path path = new Path(new Path(warehouse.root(), FOLDER), runId + ".json");
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (OutputStream out = fs.create(path, true)) {
        JSON.writeValue(out, document);
      }
      return document;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run manifest " + path, e);
    }
  }

  /** Days that earlier successful runs completed. */
  static TreeSet<LocalDate> completedDays(Configuration conf, Warehouse warehouse) {
    TreeSet<LocalDate> days = new TreeSet<>();
    Path folder = new Path(warehouse.root(), FOLDER);
    try {
      FileSystem fs = folder.getFileSystem(conf);
      if (!fs.exists(folder)) {
        return days;
      }
      for (FileStatus file : fs.listStatus(folder)) {
        if (!file.getPath().getName().endsWith(".json")) {
          continue;
        }
        try (InputStream in = fs.open(file.getPath())) {
          Document document = JSON.readValue(in, Document.class);
          if ("succeeded".equals(document.outcome()) && document.daysCompleted() != null) {
            document.daysCompleted().forEach(day -> days.add(LocalDate.parse(day)));
          }
        }
      }
      return days;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the run manifests in " + folder, e);
    }
  }

  private static Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    String own = RunManifest.class.getPackage().getImplementationVersion();
    versions.put("flashguard", own == null ? "development build" : own);
    versions.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    versions.put("java", System.getProperty("java.version"));
    return versions;
  }
}
