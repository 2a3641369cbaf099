package io.flashguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The machine a benchmark ran on, and its results as a section of the benchmarks page and a summary. */
final class BenchPage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[][] RATIOS = {{"r_ingest", "R-ingest"}, {"r_peer", "R-peer"},
      {"r_cores", "R-cores"}, {"r_cores_floor", "R-cores of the floor"}, {"r_scale", "R-scale"}};

  private BenchPage() {}

  static ObjectNode machine(String driverMemory) {
    ObjectNode machine = JSON.createObjectNode();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      machine.put("memory_gib", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
    }
    machine.put("cpu", cpu());
    machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    machine.put("driver_memory", driverMemory);
    return machine;
  }

  /** A dated section for docs/benchmarks.md. */
  static String section(List<ObjectNode> results, String command) {
    JsonNode machine = results.get(0).get("machine");
    StringBuilder page = new StringBuilder();
    page.append(String.format(Locale.ROOT, "%n## %s, `%s`%n%n", LocalDate.now(), command));
    page.append(String.format(Locale.ROOT,
        "Machine: %s cores (%s), %s GiB, %s, Spark %s, every JVM with `-Xmx%s`; a fresh warehouse per run, "
            + "rules alone (no trained model). Written by the benchmark itself.%n%n",
        machine.get("cores").asText(), machine.get("cpu").asText(), machine.path("memory_gib").asText("?"),
        machine.get("jdk").asText(), machine.get("spark").asText(), machine.get("driver_memory").asText()));
    page.append("| | ").append(String.join(" | ", results.stream().map(r -> "SF" + BenchCommand.label(r.get("sf").asDouble())).toList()))
        .append(" |\n|---|").append("---|".repeat(results.size())).append('\n');
    row(page, "verifications", results, r -> String.format(Locale.ROOT, "%,d", r.get("verifications").asLong()));
    row(page, "input (CSV)", results, r -> String.format(Locale.ROOT, "%.0f MB", r.get("input_bytes").asDouble() / 1e6));
    for (String stage : BenchCommand.STAGES) {
      row(page, stage + " (s, verifications/s, heap kept)", results, r -> {
        JsonNode s = r.get("stages").get(stage);
        return String.format(Locale.ROOT, "%.1f s, %,d/s, %,d MB", s.get("seconds").asDouble(),
            s.get("verifications_per_s").asLong(), s.get("peak_heap_mb").asLong());
      });
    }
    row(page, "**run** (wall, with JVM start)", results, r -> String.format(Locale.ROOT, "**%.1f s**", r.get("run_seconds").asDouble()));
    row(page, "floor: CSV → Parquet (median; its runs)", results, r -> floor(r, "floor_seconds", "floor_runs_seconds"));
    row(page, "floor on one core (median; its runs)", results,
        r -> floor(r, "floor_seconds_local1", "floor_runs_seconds_local1"));
    row(page, "peer: DuckDB route metrics", results, r -> String.format(Locale.ROOT, "%.2f s", r.get("peer_seconds").asDouble()));
    for (String[] ratio : RATIOS) {
      row(page, "**" + ratio[1] + "**", results, r -> r.get("ratios").has(ratio[0])
          ? String.format(Locale.ROOT, "%.2f", r.get("ratios").get(ratio[0]).asDouble()) : "–");
    }
    return page.toString();
  }

  /** A floor's median and the runs it was taken from; "–" when it was not measured. */
  private static String floor(JsonNode result, String median, String runs) {
    if (!result.has(median)) {
      return "–";
    }
    List<String> each = new ArrayList<>();
    result.path(runs).forEach(run -> each.add(String.format(Locale.ROOT, "%.1f", run.asDouble())));
    return String.format(Locale.ROOT, "%.1f s", result.get(median).asDouble())
        + (each.isEmpty() ? "" : " (" + String.join(", ", each) + ")");
  }

  /** One line per scale factor for the terminal. */
  static String summary(List<ObjectNode> results) {
    StringBuilder out = new StringBuilder();
    for (ObjectNode r : results) {
      out.append(String.format(Locale.ROOT, "SF%s: %,d verifications, run %.1f s, peak heap %,d MB, ratios %s%n",
          BenchCommand.label(r.get("sf").asDouble()), r.get("verifications").asLong(), r.get("run_seconds").asDouble(),
          r.get("peak_heap_mb").asLong(), r.get("ratios")));
    }
    return out.toString();
  }

  private interface Cell {
    String of(ObjectNode result);
  }

  private static void row(StringBuilder page, String name, List<ObjectNode> results, Cell cell) {
    page.append("| ").append(name).append(" | ")
        .append(String.join(" | ", results.stream().map(cell::of).toList())).append(" |\n");
  }

  private static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }
}
