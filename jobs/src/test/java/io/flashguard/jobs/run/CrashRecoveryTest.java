package io.flashguard.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.tables.Tables;
import io.flashguard.core.warehouse.FaultPoint;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.attempts.AttemptsJob;
import io.flashguard.jobs.cli.FlashguardCommand;
import io.flashguard.jobs.ingest.CdrFormat;
import io.flashguard.jobs.ingest.IngestJob;
import io.flashguard.jobs.ingest.IngestSettings;
import io.flashguard.jobs.ingest.Pseudonymizer;
import io.flashguard.jobs.metrics.RouteMetricsJob;
import io.flashguard.simulator.SimulationSettings;
import io.flashguard.simulator.TrafficSimulator;
import io.flashguard.testing.SparkTestBase;
import io.flashguard.testing.TestFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real crashes: a child JVM runs a flashguard command, pauses at a named point of a publish, and is
 * killed there with SIGKILL. What a reader sees afterwards must be the previous or the new complete
 * output, and the same command run again must give what a clean run gives.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@Tag(SparkTestBase.END_TO_END)
class CrashRecoveryTest extends SparkTestBase {
  private static final LocalDate DAY = LocalDate.parse("2026-11-16");
  private static final String KEY = "crash-test key, not secret";

  @TempDir
  static Path temp;

  /**
   * Warehouses made in this JVM: the first day ingested with route metrics at min-calls 30, the same
   * remeasured at 1, and both days' CDRs ingested.
   */
  private static Path measuredAt30;
  private static Path measuredAt1;
  private static Path bothDays;

  @BeforeAll
  static void prepare() throws IOException {
    new TrafficSimulator(session(), SimulationSettings.builder().days(DAY, 2, 120).seed(9)
        .countries(List.of("GB", "BR")).attackShares(0.02, 0.02).bursts(1, 20, 10).incidentsPerDay(0).duplicateRate(0.01)
        .partitions(1).build()).run(temp.resolve("in").toString());
    measuredAt30 = ingested("measured-30", List.of(cdr(DAY)), true);
    new AttemptsJob(session(), new Warehouse(measuredAt30.toString())).run(DAY, DAY);
    new RouteMetricsJob(session(), new Warehouse(measuredAt30.toString()), 30).run(DAY, DAY);
    measuredAt1 = copy(measuredAt30, "measured-1");
    new RouteMetricsJob(session(), new Warehouse(measuredAt1.toString()), 1).run(DAY, DAY);
    bothDays = ingested("both-days", List.of(cdr(DAY), cdr(DAY.plusDays(1))), false);
  }

  /** Killed while a task writes: the previous metrics. Killed right after the commit: the new ones. */
  @ParameterizedTest
  @EnumSource(FaultPoint.class)
  void killedWhilePublishingTheReaderSeesThePreviousOrTheNewMetricsAndARerunConverges(FaultPoint point)
      throws Exception {
    Path warehouse = copy(measuredAt30, "killed-" + point);
    killAt(point + ":" + RouteMetricsTable.NAME, warehouse, "metrics", "--date", DAY.toString(), "--min-calls", "1");

    Path expected = point == FaultPoint.WRITING ? measuredAt30 : measuredAt1;
    assertThat(rows(warehouse, RouteMetricsTable.NAME)).as("after a kill at %s", point)
        .isEqualTo(rows(expected, RouteMetricsTable.NAME));
    assertRerunMatchesCleanRun(warehouse, point.name());
  }

  @Test
  void killedWhileIngestPublishesTheNextDayTheFirstDayIsIntactAndARerunConverges() throws Exception {
    Path warehouse = copy(measuredAt30, "ingest-crash");
    killAt(FaultPoint.WRITING + ":" + CdrTable.NAME, warehouse, "ingest", "--cdr", cdr(DAY.plusDays(1)));
    assertThat(rows(warehouse, CdrTable.NAME)).as("the unpublished day is invisible")
        .isEqualTo(rows(measuredAt30, CdrTable.NAME));

    // the rerun in this JVM, as the metrics reruns are: what the crash left is on disk either way
    ingestInto(warehouse, List.of(cdr(DAY.plusDays(1))), false, "rerun");
    assertThat(rows(warehouse, CdrTable.NAME)).as("same as a clean run").isEqualTo(rows(bothDays, CdrTable.NAME));
  }

  @Test
  void failedTaskAttemptsAreRetriedToTheSameOutput() throws Exception {
    Path retried = temp.resolve("retried");
    Process failing = child(Map.of(FaultPoint.FAIL_FIRST_TASK_ATTEMPT, "1"), "ingest", "--master", "local[2,3]",
        "--warehouse", retried.toString(), "--cdr", cdr(DAY), "--cdr", cdr(DAY.plusDays(1)));
    assertThat(failing.waitFor()).as("ingest with every first task attempt failing").isEqualTo(0);
    assertThat(rows(retried, CdrTable.NAME)).as("cdr with retries").isEqualTo(rows(bothDays, CdrTable.NAME))
        .isNotEmpty();
  }

  private static Path ingested(String name, List<String> cdr, boolean withEvents) {
    Path warehouse = temp.resolve(name);
    ingestInto(warehouse, cdr, withEvents, name);
    return warehouse;
  }

  private static void ingestInto(Path warehouse, List<String> cdr, boolean withEvents, String runId) {
    IngestSettings settings = new IngestSettings(new Warehouse(warehouse.toString()), cdr, CdrFormat.CANONICAL, null,
        withEvents ? List.of(temp.resolve("in").resolve("verifications").toString()) : List.of(), null, List.of(),
        ZoneOffset.UTC, null, 0.05, Pseudonymizer.withKey(KEY.getBytes(StandardCharsets.UTF_8)), runId);
    new IngestJob(session(), settings).run();
  }

  /** Runs the same metrics command again, in this JVM, and compares with the clean warehouse. */
  private void assertRerunMatchesCleanRun(Path warehouse, String label) {
    int code = FlashguardCommand.execute("metrics", "--warehouse", warehouse.toString(), "--date", DAY.toString(),
        "--min-calls", "1");
    assertThat(code).as("rerun after %s", label).isEqualTo(0);
    for (String table : List.of(RouteMetricsTable.NAME, "attempts")) {
      assertThat(rows(warehouse, table)).as("%s after the rerun (%s)", table, label)
          .isEqualTo(rows(measuredAt1, table));
    }
  }

  private static Path copy(Path from, String name) throws IOException {
    return TestFiles.copyTree(from, temp.resolve(name));
  }

  /** Starts the command, waits until it pauses at {@code point}, kills it with SIGKILL. */
  private void killAt(String point, Path warehouse, String command, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(command, "--warehouse", warehouse.toString()));
    all.addAll(Arrays.asList(args));
    Process process = child(Map.of(FaultPoint.PAUSE_AT, point), all.toArray(new String[0]));
    String line;
    boolean paused = false;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      while (!paused && (line = out.readLine()) != null) {
        paused = line.equals("flashguard: paused at " + point);
      }
      assertThat(paused).as("the child reached %s", point).isTrue();
      process.destroyForcibly();
      assertThat(process.waitFor()).as("killed by SIGKILL").isEqualTo(137);
    }
  }

  private static Process child(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SparkJvmOptions.list());
    // short lives on two shared cores: the first JIT tier alone took a quarter less CPU for a day of samples
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xmx1g");
    command.add("-Dlog4j2.configurationFile=flashguard-log4j2.properties");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.flashguard.jobs.cli.FlashguardCommand");
    command.addAll(Arrays.asList(args));
    if (!Arrays.asList(args).contains("--master")) {
      command.addAll(List.of("--master", "local[2]"));
    }
    // the shared test session's settings: what a crash leaves does not depend on them
    QUERY_SETTINGS.forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("FLASHGUARD_HMAC_KEY", KEY);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!environment.containsKey(FaultPoint.PAUSE_AT)) {
      drain(process.getInputStream());
    }
    return process;
  }

  private static void drain(InputStream output) {
    Thread drainer = new Thread(() -> {
      try {
        output.transferTo(System.out);
      } catch (IOException e) {
        // the child is gone; nothing more to show
      }
    });
    drainer.setDaemon(true);
    drainer.start();
  }

  private static String cdr(LocalDate day) {
    return temp.resolve("in").resolve("cdr").resolve("cdr-" + day + "-*.csv").toString();
  }

  private List<String> rows(Path warehouse, String table) {
    return new Warehouse(warehouse.toString()).read(spark, Tables.named(table)).collectAsList().stream()
        .map(Object::toString).sorted().toList();
  }
}
