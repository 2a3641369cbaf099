package io.flashguard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashguard.core.BadInputException;
import io.flashguard.core.NothingToDoException;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.core.warehouse.WarehouseLock;
import io.flashguard.jobs.ingest.InputFixtures;
import io.flashguard.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line causes of docs/operations.md, as a scheduler sees them. */
class CommandLineTest extends SparkTestBase {
  @TempDir
  Path temp;

  private String stderr;

  @Test
  void unknownOptionIsBadUsage() {
    assertThat(execute("metrics", "--no-such-option")).as("exit code").isEqualTo(2);
    assertThat(stderr).as("says what is wrong").contains("--no-such-option");
  }

  @Test
  void onlyBadInputIsExitTwoAndABugIsAFailure() {
    assertThat(FlashguardCommand.exitCode(new BadInputException("--to is before --from"))).as("bad input").isEqualTo(2);
    assertThat(FlashguardCommand.exitCode(new IllegalArgumentException("no table column x")))
        .as("an IllegalArgumentException from a bug is a failure, not the user's input").isEqualTo(1);
    assertThat(FlashguardCommand.exitCode(new NothingToDoException("no events that day"))).as("nothing to do")
        .isEqualTo(3);
    assertThat(execute("history", "--warehouse", temp.toString(), "--table", "no_such_table"))
        .as("an unknown table, refused by the table contracts").isEqualTo(2);
    assertThat(stderr).as("names the table").contains("unknown table 'no_such_table'");
  }

  @Test
  void missingDatesAreBadUsageWithAOneLineCause() {
    assertThat(execute("metrics", "--warehouse", temp.toString())).as("exit code").isEqualTo(2);
    assertThat(stderr.strip()).as("one line").isEqualTo("flashguard: give --date D, or --from D1 --to D2");
  }

  @Test
  void tooManyBadLinesIsBadInputAndPublishesNothing() {
    Path samples = temp.resolve("samples");
    InputFixtures.write(samples.resolve("cdr"), "cdr.csv", InputFixtures.CDR_HEADER,
        List.of("c1,v1,r1,not-a-number,+447700900123,2026-11-02 10:00:00,,,2026-11-02 10:00:05,487,,,,,"));
    InputFixtures.write(samples.resolve("verifications"), "events.csv", InputFixtures.EVENT_HEADER, List.of());
    Path warehouse = temp.resolve("w");
    assertThat(execute("demo", "--samples", samples.toString(), "--warehouse", warehouse.toString()))
        .as("exit code").isEqualTo(2);
    assertThat(stderr).as("cause").contains("1 of 1 input lines").contains("nothing was published");
    assertThat(warehouse.resolve("cdr")).as("no table written").doesNotExist();
  }

  @Test
  void aSecondWriterIsRefusedWithAClearMessage() {
    Warehouse warehouse = new Warehouse(temp.toString());
    try (WarehouseLock held = WarehouseLock.acquire(spark.sparkContext().hadoopConfiguration(), warehouse,
        "other-run", "run")) {
      assertThat(execute("metrics", "--warehouse", temp.toString(), "--date", "2026-11-02")).as("exit code")
          .isEqualTo(1);
      assertThat(stderr).as("names the holder").contains("another flashguard run").contains("other-run");
    }
    assertThat(execute("metrics", "--warehouse", temp.toString(), "--date", "2026-11-02"))
        .as("free again after release: the command runs, and finds no events that day").isEqualTo(3);
    assertThat(stderr).as("not the lock").doesNotContain("another flashguard run");
  }

  /** What a newcomer hit: each says what is missing and what to run first, with exit code 3. */
  @Test
  void aCommandWithNothingToWorkOnSaysWhatToRunFirst() {
    Path mistyped = temp.resolve("no-such-warehouse");
    assertThat(execute("metrics", "--warehouse", mistyped.toString(), "--date", "2026-11-02")).as("exit code")
        .isEqualTo(3);
    assertThat(stderr).as("cause").contains("no warehouse at " + mistyped).contains("flashguard ingest");
    assertThat(mistyped).as("no empty warehouse created there").doesNotExist();

    Path empty = temp.resolve("empty");
    assertThat(empty.toFile().mkdirs()).as("an existing warehouse folder without data").isTrue();
    assertThat(execute("metrics", "--warehouse", empty.toString(), "--date", "2026-11-02")).as("no events that day")
        .isEqualTo(3);
    assertThat(stderr).as("cause").contains("no verification events for 2026-11-02..2026-11-02").contains("ingest");
    assertThat(execute("report", "--warehouse", empty.toString(), "--date", "2026-11-02")).as("nothing to report")
        .isEqualTo(3);
    assertThat(stderr).as("cause").contains("nothing to report").contains("flashguard metrics").contains("flashguard score");
    assertThat(empty.resolve("reports")).as("no empty page written").doesNotExist();
    assertThat(execute("train", "--warehouse", empty.toString(), "--model", "pumping", "--from", "2026-11-02",
        "--to", "2026-11-04")).as("no attempts to train on").isEqualTo(3);
    assertThat(stderr).as("cause").contains("0 found").contains("flashguard metrics");
  }

  /**
   * A command run where a session exists (a notebook, these tests) works in that session and leaves
   * its settings as they were, but for its own {@code --conf}: a fresh process's defaults (eight
   * shuffle partitions) once stayed behind and slowed every later test of the JVM.
   */
  @Test
  void aCommandInAJvmWithASessionKeepsThatSessionsSettings() {
    String partitions = spark.conf().get("spark.sql.shuffle.partitions");
    Path empty = temp.resolve("empty");
    assertThat(empty.toFile().mkdirs()).as("an existing warehouse folder without data").isTrue();
    try {
      assertThat(execute("report", "--warehouse", empty.toString(), "--date", "2026-11-02",
          "--conf", "spark.sql.broadcastTimeout=301")).as("exit code (nothing to report)").isEqualTo(3);
      assertThat(spark.conf().get("spark.sql.shuffle.partitions")).as("the session's own setting")
          .isEqualTo(partitions);
      assertThat(spark.conf().get("spark.sql.broadcastTimeout")).as("the command's --conf").isEqualTo("301");
    } finally {
      spark.conf().unset("spark.sql.broadcastTimeout");
    }
  }

  @Test
  void aMisspeltModelAmongSeveralIsBadUsage() {
    assertThat(execute("train", "--warehouse", temp.toString(), "--model", "spoofed-cli,pumpin", "--from",
        "2026-11-02", "--to", "2026-11-04")).as("exit code").isEqualTo(2);
    assertThat(stderr).as("cause").contains("unknown model 'pumpin'").contains("forwarding-hijack");
  }

  @Test
  void ingestWithoutAKeyIsBadUsageAndSaysWhereTheKeyGoes() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(PseudonymKeys.KEY_VARIABLE) == null
        && System.getenv(PseudonymKeys.KEY_FILE_VARIABLE) == null, "no key in this environment");
    Path file = InputFixtures.write(temp.resolve("in"), "cdr.csv", InputFixtures.CDR_HEADER, List.of());
    assertThat(execute("ingest", "--warehouse", temp.resolve("w").toString(), "--cdr", file.toString()))
        .as("exit code").isEqualTo(2);
    assertThat(stderr).as("cause").contains("no pseudonymisation key").contains(PseudonymKeys.KEY_VARIABLE);
    assertThat(temp.resolve("w")).as("refused before touching the warehouse").doesNotExist();
  }

  @Test
  void aKeyFileOthersCanReadIsRefused() throws Exception {
    Path key = temp.resolve("key");
    Files.writeString(key, "a key of more than sixteen bytes");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> PseudonymKeys.requireOwnerOnly(key))
        .isInstanceOf(BadInputException.class).hasMessageContaining("chmod 600");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    PseudonymKeys.requireOwnerOnly(key);
  }

  @Test
  void aWebhookThatIsNotAnHttpUrlIsBadUsage() {
    assertThat(execute("report", "--warehouse", temp.toString(), "--date", "2026-11-02",
        "--notify-webhook", "ftp://example.invalid/x")).as("exit code").isEqualTo(2);
    assertThat(stderr.strip()).isEqualTo("flashguard: --notify-webhook needs an http:// or https:// URL with a host");
  }

  @Test
  void theWebhookUrlIsRedactedFromTheRecordedCommandLine() {
    assertThat(NotifyOption.redacted(List.of("--cdr", "x", "--notify-webhook", "https://hooks.example/T/B/secret",
        "--notify-webhook=https://hooks.example/T/B/secret2", "--force")))
        .isEqualTo("--cdr x --notify-webhook <redacted> --notify-webhook=<redacted> --force");
  }

  @Test
  void commandsThatNameAModelVersionStillAnswerHelp() {
    for (String command : List.of("promote", "evaluate")) {
      assertThat(execute(command, "--help")).as("%s --help exit code (a --version option would take --help away)",
          command).isZero();
    }
  }

  private int execute(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return FlashguardCommand.execute(args);
    } finally {
      System.setErr(original);
      stderr = captured.toString(StandardCharsets.UTF_8);
    }
  }
}
