package io.flashguard.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.Tables;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.ingest.CdrFormat;
import io.flashguard.jobs.ingest.IngestSettings;
import io.flashguard.jobs.ingest.Pseudonymizer;
import io.flashguard.jobs.metrics.RouteAlertsJob;
import io.flashguard.jobs.metrics.RouteMetricsJob;
import io.flashguard.testing.SparkTestBase;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jobs jar (Spark provided) on a real Spark standalone cluster: a Master and a Worker on
 * 127.0.0.1 started from Spark's own jars, {@code flashguard run} on a day of the bundled samples
 * submitted with {@code SparkSubmit --master spark://…} and the libraries as {@code --jars}
 * (docs/operations.md), and every table it writes equal, row for row, to the same run in local mode.
 * The processes it started are stopped by their ids, their children (the executors) first.
 * Runs in the end-to-end tier, which Maven runs after {@code package} since this test submits the jar;
 * part of {@code mvn verify} and so of CI, about 4 minutes alone on 2 cores (docs/architecture.md).
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@Tag(SparkTestBase.END_TO_END)
class ClusterRunIT extends SparkTestBase {
  private static final String KEY = "cluster-test key, not secret";
  private static final String DAY = "2026-11-02";
  /** The application's libraries, submitted with --jars; Spark's runtime is everything else. */
  private static final Pattern APPLICATION =
      Pattern.compile(".*/(flashguard-|commons-csv|libphonenumber|picocli|echarts|delta-|unitycatalog)[^/]*\\.jar");
  /** Columns that differ between any two runs by design: the run that wrote a row, when a file was loaded. */
  private static final List<String> PER_RUN = List.of("run_id", "loaded_at");

  /**
   * One sample day is a few thousand rows: on a cluster, Spark's 200 shuffle partitions and Delta's
   * 50 snapshot partitions would be hundreds of near-empty tasks per stage (docs/operations.md), so the
   * cluster run gets the settings flashguard gives one machine.
   */
  private static final List<String> SMALL_DAY = List.of("--conf", "spark.sql.shuffle.partitions=8",
      "--conf", "spark.databricks.delta.snapshotPartitions=2");

  @TempDir
  static Path temp;

  private static final List<Process> started = new ArrayList<>();
  private static Path sparkHome;
  private static String masterUrl;

  @BeforeAll
  static void startCluster() throws Exception {
    sparkHome = Files.createDirectories(temp.resolve("spark-home"));
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    for (String entry : classpath()) {
      if (entry.endsWith(".jar") && !APPLICATION.matcher(entry).matches()) {
        Path jar = Path.of(entry);
        Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
      }
    }
    int port = freePort();
    masterUrl = "spark://127.0.0.1:" + port;
    Path masterLog = temp.resolve("master.log");
    start(masterLog, List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        Integer.toString(port), "--webui-port", Integer.toString(freePort())), Map.of());
    awaitLine(masterLog, "I have been elected leader");
    start(temp.resolve("worker.log"), List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
        "--cores", "2", "--memory", "2g", "--webui-port", Integer.toString(freePort()),
        "--work-dir", Files.createDirectories(temp.resolve("worker")).toString(), masterUrl),
        Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13"));
    awaitLine(masterLog, "Registering worker");
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    for (int i = started.size() - 1; i >= 0; i--) {
      Process process = started.get(i);
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void theJarSubmittedToAStandaloneClusterWritesTheTablesOfLocalMode() throws Exception {
    Path onCluster = temp.resolve("warehouse-cluster");
    Path local = temp.resolve("warehouse-local");
    String cdr = samples("cdr", "cdr-" + DAY + "-*.csv.gz");
    String verifications = samples("verifications", "events-" + DAY + "-*.csv.gz");
    List<String> run = List.of("run", "--cdr", cdr, "--verifications", verifications);

    List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl,
        "--class", "io.flashguard.jobs.cli.FlashguardCommand", "--jars", String.join(",", applicationJars()),
        "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
        "--conf", "spark.driver.host=127.0.0.1", jobsJar()));
    submit.addAll(run);
    submit.addAll(List.of("--warehouse", onCluster.toString()));
    submit.addAll(SMALL_DAY);
    Process cluster = start(temp.resolve("submit.log"), submit, Map.of());
    assertThat(cluster.waitFor()).as("spark-submit's exit code (output in %s)", temp.resolve("submit.log")).isEqualTo(0);
    // Local mode in this JVM, on the tests' session (two shuffle partitions, no code generation, no
    // adaptive execution): the tables may depend on none of that either. In the build this JVM has
    // run other classes first; a JVM of its own started cold (docs/benchmarks.md).
    IngestSettings inputs = new IngestSettings(new Warehouse(local.toString()), List.of(cdr), CdrFormat.CANONICAL,
        null, List.of(verifications), null, List.of(), ZoneOffset.UTC, null, IngestSettings.DEFAULT_MAX_BAD_FRACTION,
        Pseudonymizer.withKey(KEY.getBytes(StandardCharsets.UTF_8)), "local-mode");
    RunManifest.Document localRun = new DailyRun(spark, new RunSettings(inputs, null, null, false,
        RouteMetricsJob.DEFAULT_MIN_CALLS, RouteAlertsJob.DEFAULT_SMS_COST, "run")).run(System.out);
    assertThat(localRun.outcome()).as("the local run").isEqualTo("succeeded");
    assertThat(Files.readString(temp.resolve("worker.log"))).as("the worker ran the job's executors")
        .contains("Asked to launch executor");

    List<String> written = tablesIn(local);
    assertThat(written).contains("cdr", "attempts", "route_metrics", "flags");
    assertThat(tablesIn(onCluster)).isEqualTo(written);
    for (String table : written) {
      assertThat(rows(onCluster, table)).as("%s on the cluster against local mode", table).isEqualTo(rows(local, table));
    }
  }

  /** A JVM on Spark's jars (the cluster's SPARK_HOME) running {@code mainAndArgs}, its output in {@code log}. */
  private static Process start(Path log, List<String> mainAndArgs, Map<String, String> environment) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SparkJvmOptions.list());
    command.addAll(List.of("-Xmx1g", "-cp", sparkHome.resolve("jars") + File.separator + "*"));
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("FLASHGUARD_HMAC_KEY", KEY);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putAll(environment);
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static void awaitLine(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no \"" + text + "\" in " + log + " within 60 s:\n" + Files.readString(log));
  }

  private List<String> tablesIn(Path warehouse) throws IOException {
    return Tables.names().stream().filter(name -> Files.isDirectory(warehouse.resolve(name).resolve("_delta_log")))
        .sorted().toList();
  }

  private List<String> rows(Path warehouse, String table) {
    Dataset<Row> rows = new Warehouse(warehouse.toString()).read(spark, Tables.named(table));
    Column[] kept = Arrays.stream(rows.columns()).filter(name -> !PER_RUN.contains(name))
        .map(rows::col).toArray(Column[]::new);
    return rows.select(kept).collectAsList().stream().map(Object::toString).sorted().toList();
  }

  private static List<String> applicationJars() {
    return classpath().stream().filter(entry -> APPLICATION.matcher(entry).matches())
        .filter(entry -> !entry.equals(jobsJar())).toList();
  }

  private static String jobsJar() {
    String jar = System.getProperty("flashguard.jobs.jar");
    assertThat(jar).as("the system property flashguard.jobs.jar (jobs/pom.xml)").isNotNull();
    return jar;
  }

  private static String samples(String folder, String glob) {
    Path root = Path.of(System.getProperty("user.dir")).getParent().resolve("data-samples");
    return root.resolve(folder).resolve(glob).toString();
  }

  private static List<String> classpath() {
    return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
