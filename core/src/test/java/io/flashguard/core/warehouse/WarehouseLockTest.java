package io.flashguard.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per warehouse, across processes: each test starts other JVMs ({@link Holder}) that
 * take the lock as a run would, without Spark, so the lock is tested as two runs meet it.
 */
class WarehouseLockTest {
  private static final Configuration CONF = new Configuration();

  @TempDir Path temp;
  private final List<Process> holders = new ArrayList<>();

  @AfterEach
  void stopHolders() {
    holders.forEach(Process::destroyForcibly);
  }

  @Test
  void aLockHeldByAnotherProcessIsRefusedNamingIt() throws Exception {
    Process other = start("run-1");
    assertThat(answer(other)).as("the other process took the lock").isEqualTo("held");

    Warehouse warehouse = new Warehouse(temp.toString());
    assertThatThrownBy(() -> WarehouseLock.acquire(CONF, warehouse, "run-2", "run"))
        .isInstanceOf(WarehouseBusyException.class)
        .hasMessageContaining("run run-1").hasMessageContaining("pid " + other.pid());

    other.getOutputStream().close();
    assertThat(other.waitFor(30, TimeUnit.SECONDS)).as("the other process released and ended").isTrue();
    assertThat(other.exitValue()).as("the other process's exit code").isZero();
    try (WarehouseLock lock = WarehouseLock.acquire(CONF, warehouse, "run-2", "run")) {
      assertThat(temp.resolve("_lock")).as("taken after the release").content().contains("run run-2");
    }
    assertThat(temp.resolve("_lock")).as("released").doesNotExist();
  }

  @Test
  void aLockLeftByAKilledProcessIsTakenOver() throws Exception {
    Process killed = start("run-1");
    assertThat(answer(killed)).as("the process to kill took the lock").isEqualTo("held");
    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(temp.resolve("_lock")).as("left behind by the killed run").content().contains("run run-1");

    try (WarehouseLock lock = WarehouseLock.acquire(CONF, new Warehouse(temp.toString()), "run-2", "run")) {
      assertThat(temp.resolve("_lock")).as("taken over by this run").content().contains("run run-2");
    }
  }

  @Test
  void ofProcessesStartingTogetherExactlyOneHoldsTheLock() throws Exception {
    List<Process> racers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      racers.add(start("racer-" + i));
    }
    List<String> answers = new ArrayList<>();
    for (Process racer : racers) {
      answers.add(answer(racer));
    }
    assertThat(answers).as("each racer's answer, while every holder still holds")
        .containsOnlyOnce("held").containsOnly("held", "busy");
  }

  /** Starts a JVM that takes the lock of the temp warehouse for {@code runId}. */
  private Process start(String runId) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
        temp.toString(), runId).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    holders.add(process);
    return process;
  }

  /** The first line a holder prints: "held" or "busy". */
  private static String answer(Process process) throws IOException {
    var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    return reader.readLine();
  }

  /**
   * A run in another process: takes the lock of the warehouse in {@code args[0]} for run
   * {@code args[1]}, prints "held" (or "busy" if another run has it), and holds it until its
   * standard input closes.
   */
  public static final class Holder {
    public static void main(String[] args) throws IOException {
      try (WarehouseLock lock = WarehouseLock.acquire(CONF, new Warehouse(args[0]), args[1], "test")) {
        System.out.println("held");
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (WarehouseBusyException e) {
        System.out.println("busy");
      }
    }
  }
}
