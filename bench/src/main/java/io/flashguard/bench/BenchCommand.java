package io.flashguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flashguard.jobs.run.SparkJvmOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark of docs/benchmarks.md: for each scale factor (SF1 = one day of 1 million
 * verifications with their CDR legs and events), generates the day once with {@code simulate}
 * (cached), then measures in the same invocation, each in a JVM of its own with the same heap:
 * the floor (a bare CSV to Parquet conversion of the same files, the median of {@code --floor-runs}
 * runs), the whole daily {@code run} on a fresh warehouse (its stages' seconds, rows and heap peaks
 * from the run's manifest), the peer
 * (DuckDB computing the route metrics from the run's own {@code cdr} and {@code attempts} files)
 * and, unless skipped, the floor and the run again on one core. Writes
 * {@code <work>/results-sf<N>.json} per scale factor and {@code <work>/results.json} for the
 * largest, with the ratios, and appends a dated section to the benchmarks page.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Times flashguard's daily run at scale factors against the floor and DuckDB (docs/benchmarks.md).")
public final class BenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final long SF1 = 1_000_000;
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
  /** The daily run's stages, as its manifest names them. */
  static final List<String> STAGES =
      List.of("ingest", "attempts", "route_metrics", "route_alerts", "score", "report");

  @Option(names = "--sf", split = ",", paramLabel = "N",
      description = "Scale factors, comma-separated: N million verifications in one day (default: ${DEFAULT-VALUE}).")
  List<Double> scaleFactors = List.of(1.0);

  @Option(names = "--work", paramLabel = "DIR",
      description = "Cached data, warehouses, logs and results (default: ${DEFAULT-VALUE}).")
  Path work = Path.of("target", "bench");

  @Option(names = "--driver-memory", paramLabel = "SIZE",
      description = "Heap of every measured JVM (default: ${DEFAULT-VALUE}).")
  String driverMemory = "4g";

  @Option(names = "--skip-cores",
      description = "Do not run the floor and the run again on one core (no R-cores).")
  boolean skipCores;

  @Option(names = "--floor-runs", paramLabel = "N",
      description = "Times the floor is measured on each core count; its median is the ratios' floor "
          + "(default: ${DEFAULT-VALUE}).")
  int floorRuns = 3;

  @Option(names = "--docs", paramLabel = "FILE",
      description = "The benchmarks page to append a dated section to (none when not given).")
  Path docs;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(work);
    List<Double> factors = scaleFactors.stream().sorted().toList();
    List<ObjectNode> results = new ArrayList<>();
    for (double sf : factors) {
      ObjectNode result = measure(sf);
      results.add(result);
      write(work.resolve("results-sf" + label(sf) + ".json"), result);
    }
    ObjectNode largest = results.get(results.size() - 1);
    if (results.size() > 1) {
      ObjectNode smallest = results.get(0);
      double factor = largest.get("sf").asDouble() / smallest.get("sf").asDouble();
      ((ObjectNode) largest.get("ratios")).put("r_scale",
          round(largest.get("run_seconds").asDouble() / (factor * smallest.get("run_seconds").asDouble())));
      largest.put("r_scale_against_sf", smallest.get("sf").asDouble());
      write(work.resolve("results-sf" + label(largest.get("sf").asDouble()) + ".json"), largest);
    }
    write(work.resolve("results.json"), largest);
    if (docs != null) {
      Files.writeString(docs, BenchPage.section(results, String.join(" ", commandLine())),
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    System.out.println(BenchPage.summary(results));
    return 0;
  }

  private ObjectNode measure(double sf) throws Exception {
    String label = label(sf);
    long perDay = Math.round(sf * SF1);
    Path data = data(label, perDay);
    Path logs = Files.createDirectories(work.resolve("logs"));

    ObjectNode result = JSON.createObjectNode();
    result.put("sf", sf);
    result.put("measured_at", Instant.now().toString());
    result.set("machine", BenchPage.machine(driverMemory));
    result.put("input_bytes", bytes(data.resolve("cdr")) + bytes(data.resolve("verifications")));

    double floor = floor(data, "local[2]", logs.resolve("sf" + label + "-floor-2.log"), result, "floor_runs_seconds");
    RunTiming run = run(data, "local[2]", "sf" + label + "-run-2", logs);
    double[] peer = RoutePeer.run(run.warehouse(), work.resolve("peer-sf" + label + ".parquet"), 2);

    result.put("verifications", run.rows("attempts"));
    ObjectNode stages = result.putObject("stages");
    for (String stage : STAGES) {
      ObjectNode entry = stages.putObject(stage);
      entry.put("seconds", round(run.seconds(stage)));
      entry.put("rows", run.rows(stage));
      entry.put("rows_per_s", Math.round(run.rows(stage) / run.seconds(stage)));
      entry.put("verifications_per_s", Math.round(run.rows("attempts") / run.seconds(stage)));
      entry.put("peak_heap_mb", run.peakHeapMb(stage));
    }
    result.put("run_seconds", round(run.wallSeconds()));
    result.put("stage_seconds", round(STAGES.stream().mapToDouble(run::seconds).sum()));
    result.put("verifications_per_s", Math.round(run.rows("attempts") / run.wallSeconds()));
    result.put("peak_heap_mb", STAGES.stream().mapToLong(run::peakHeapMb).max().orElse(0));
    result.put("floor_seconds", round(floor));
    result.put("peer_seconds", round(peer[0]));
    result.put("peer_rows", (long) peer[1]);

    ObjectNode ratios = result.putObject("ratios");
    ratios.put("r_ingest", round(run.seconds("ingest") / floor));
    ratios.put("r_peer", round(run.seconds("route_metrics") / peer[0]));
    if (!skipCores) {
      double floorOne = floor(data, "local[1]", logs.resolve("sf" + label + "-floor-1.log"), result,
          "floor_runs_seconds_local1");
      RunTiming runOne = run(data, "local[1]", "sf" + label + "-run-1", logs);
      result.put("floor_seconds_local1", round(floorOne));
      result.put("run_seconds_local1", round(runOne.wallSeconds()));
      ratios.put("r_cores", round(runOne.wallSeconds() / run.wallSeconds()));
      ratios.put("r_cores_floor", round(floorOne / floor));
    }
    return result;
  }

  /** The scale factor's day, simulated once and kept under {@code <work>/data}. */
  private Path data(String label, long perDay) throws Exception {
    Path data = work.resolve("data").resolve("sf" + label);
    Path complete = data.resolve(".complete");
    if (Files.exists(complete)) {
      return data;
    }
    deleteTree(data);
    Files.createDirectories(data.getParent());
    java("io.flashguard.jobs.cli.FlashguardCommand", List.of("simulate", "--out", data.toString(),
        "--start-date", DAY.toString(), "--days", "1", "--verifications-per-day", Long.toString(perDay),
        "--seed", "1"), work.resolve("logs").resolve("sf" + label + "-simulate.log"));
    Files.writeString(complete, "simulate --days 1 --verifications-per-day " + perDay + " --seed 1\n");
    return data;
  }

  /**
   * The floor's seconds on {@code master}: the median of {@link #floorRuns} runs (at least one), each
   * recorded under {@code runsField} and logged to {@code log} numbered. The floor is cheap beside
   * the run, and one run of it moved the floor's own R-cores between 1.26 and 1.64 on the same
   * machine (docs/benchmarks.md).
   */
  private double floor(Path data, String master, Path log, ObjectNode result, String runsField) throws Exception {
    Path out = work.resolve("floor-out");
    Path seconds = work.resolve("floor-seconds.txt");
    double[] runs = new double[Math.max(1, floorRuns)];
    ArrayNode recorded = result.putArray(runsField);
    for (int i = 0; i < runs.length; i++) {
      deleteTree(out);
      Path runLog = runs.length == 1 ? log
          : log.resolveSibling(log.getFileName().toString().replaceFirst("\\.log$", "") + "-" + (i + 1) + ".log");
      java(FloorConversion.class.getName(), List.of(data.resolve("cdr").toString(),
          data.resolve("verifications").toString(), out.toString(), master, seconds.toString()), runLog);
      deleteTree(out);
      runs[i] = Double.parseDouble(Files.readString(seconds).trim());
      recorded.add(round(runs[i]));
    }
    return median(runs);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private RunTiming run(Path data, String master, String name, Path logs) throws Exception {
    Path warehouse = work.resolve("warehouse-" + name);
    deleteTree(warehouse);
    double wall = java("io.flashguard.jobs.cli.FlashguardCommand", List.of("run", "--warehouse", warehouse.toString(),
        "--cdr", data.resolve("cdr").toString(), "--verifications", data.resolve("verifications").toString(),
        "--master", master), logs.resolve(name + ".log"));
    try (Stream<Path> manifests = Files.list(warehouse.resolve("runs"))) {
      Path manifest = manifests.filter(path -> path.toString().endsWith(".json")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no run manifest in " + warehouse.resolve("runs")));
      return new RunTiming(warehouse, wall, JSON.readTree(manifest.toFile()));
    }
  }

  /** Runs a main class in a JVM of its own with Spark's options; returns its wall seconds. */
  private double java(String main, List<String> args, Path log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SparkJvmOptions.list());
    command.add("-Xmx" + driverMemory);
    command.add("-Dlog4j2.configurationFile=flashguard-log4j2.properties");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main);
    command.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putIfAbsent("FLASHGUARD_HMAC_KEY", "benchmark key, not a secret");
    System.err.printf("bench: %s %s (log %s)%n", main.substring(main.lastIndexOf('.') + 1), String.join(" ", args), log);
    long started = System.nanoTime();
    int exit = builder.start().waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException(main + " exited with " + exit + "; its output is in " + log);
    }
    return seconds;
  }


  private List<String> commandLine() {
    List<String> line = new ArrayList<>(List.of("bin/bench", "--sf",
        String.join(",", scaleFactors.stream().map(BenchCommand::label).toList()), "--driver-memory", driverMemory));
    if (skipCores) {
      line.add("--skip-cores");
    }
    return line;
  }

  static String label(double sf) {
    return sf == Math.rint(sf) ? Long.toString((long) sf) : Double.toString(sf);
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static long bytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
    }
  }

  private static void write(Path file, ObjectNode result) throws IOException {
    JSON.writeValue(file.toFile(), result);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** A run's wall time and its manifest's stages (a stage that ran more than once is summed). */
  record RunTiming(Path warehouse, double wallSeconds, JsonNode manifest) {
    double seconds(String stage) {
      return sum(stage, "seconds");
    }

    long rows(String stage) {
      return (long) sum(stage, "rows");
    }

    long peakHeapMb(String stage) {
      long peak = 0;
      for (JsonNode entry : stages(stage)) {
        peak = Math.max(peak, entry.get("peakHeapMb").asLong());
      }
      return peak;
    }

    private double sum(String stage, String field) {
      double total = 0;
      for (JsonNode entry : stages(stage)) {
        total += entry.get(field).asDouble();
      }
      return total;
    }

    private List<JsonNode> stages(String stage) {
      List<JsonNode> found = new ArrayList<>();
      for (Iterator<JsonNode> it = manifest.get("stages").elements(); it.hasNext(); ) {
        JsonNode entry = it.next();
        if (stage.equals(entry.get("name").asText())) {
          found.add(entry);
        }
      }
      if (found.isEmpty()) {
        throw new IllegalStateException("the run's manifest has no stage " + stage + " (did the run do nothing?)");
      }
      return found;
    }
  }
}
