package io.flashguard.jobs.run;

import static io.flashguard.jobs.ingest.InputFixtures.CDR_HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.FeaturesTable;
import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.tables.QuarantineTable;
import io.flashguard.core.tables.Tables;
import io.flashguard.core.tables.VerificationEventsTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.export.CsvExport;
import io.flashguard.jobs.ingest.CdrFormat;
import io.flashguard.jobs.ingest.IngestSettings;
import io.flashguard.jobs.ingest.InputFixtures;
import io.flashguard.jobs.ingest.Pseudonymizer;
import io.flashguard.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary numbers go through the whole pipeline; afterwards no table outside quarantine, no file
 * under the warehouse outside quarantine, no export and nothing printed or logged may hold them in
 * any common form (docs/operations.md, "What is stored in clear"); the warehouse's files include Delta's
 * transaction log and its checkpoints.
 */
@Tag(SparkTestBase.END_TO_END)
class PrivacyCanaryTest extends SparkTestBase {
  private static final String PHONE = "+447700900123";
  private static final String CLI = "+441632960001";
  private static final String CONNECTED = "+447700900777";
  /** Every number in E.164, international without +, national and national significant forms. */
  private static final List<String> FORMS = List.of(
      "+447700900123", "447700900123", "07700900123", "7700900123", "07700 900123",
      "+441632960001", "441632960001", "01632960001", "1632960001", "01632 960001",
      "+447700900777", "447700900777", "07700900777", "7700900777",
      "1632960002", "01632 960002");

  @TempDir
  static Path temp;

  private static String console;

  @BeforeAll
  static void runThePipelineOnCanaries() throws IOException {
    String day = "2026-11-02";
    List<String> events = List.of(
        event("e1", "REQUESTED", "\"method\":\"flashcall\",\"device_id\":\"d1\",\"device_platform\":\"ios\""),
        event("e2", "CALL_PLACED", "\"route_id\":\"r1\",\"call_id\":\"c1\",\"expected_cli\":\"" + CLI + "\",\"code_length\":4"),
        event("e3", "CLI_REPORTED", "\"reported_cli\":\"01632 960002\",\"report_source\":\"manual\",\"device_id\":\"d1\""),
        event("e4", "FAILED", "\"failure_reason\":\"invalid_cli\""));
    Path eventFile = temp.resolve("in").resolve("events.jsonl");
    Files.createDirectories(eventFile.getParent());
    Files.write(eventFile, events);
    Path cdrFile = InputFixtures.write(temp.resolve("in"), "cdr.csv", CDR_HEADER, List.of(
        "c1,v1,r1," + CLI + "," + PHONE + "," + day + " 10:00:01," + day + " 10:00:02," + day + " 10:00:03,"
            + day + " 10:00:09,200,16,1," + CONNECTED + ",B,0.04",
        "c2,v2,r1," + CLI + ",0" + PHONE.substring(3) + "," + day + " 10:00:01,,," + day + " 10:00:09,487,,,,,"));

    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      Warehouse warehouse = new Warehouse(temp.resolve("warehouse").toString());
      IngestSettings ingest = new IngestSettings(warehouse, List.of(cdrFile.toString()), CdrFormat.CANONICAL, null,
          List.of(eventFile.toString()), null, List.of(), ZoneOffset.UTC, null, 1.0, Pseudonymizer.demo(), "canary-run");
      new DailyRun(session(), new RunSettings(ingest, null, null, false, 1, 0.03, "run (canary)")).run(capture);
      for (String table : Tables.names()) {
        new CsvExport(session(), warehouse).export(table, null, temp.resolve("exports").resolve(table + ".csv").toString());
        // Delta checkpoints every 10th commit; one run makes fewer, so checkpoint each table it wrote here
        if (Files.isDirectory(temp.resolve("warehouse").resolve(table))) {
          DeltaLog.forTable(session(), warehouse.tablePath(Tables.named(table))).checkpoint();
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    console = captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theCanariesReallyWentThrough() {
    List<String> quarantined = new Warehouse(temp.resolve("warehouse").toString())
        .read(spark, QuarantineTable.TABLE).collectAsList().stream()
        .map(row -> row.<String>getAs("raw")).toList();
    assertThat(quarantined).as("the national-form b_number without a region is quarantined, raw kept")
        .anyMatch(raw -> raw.contains("07700900123"));
    assertThat(console).as("the run printed its accounting").contains("lines read");
    assertThat(temp.resolve("warehouse/reports/2026-11-02/route-quality.html"))
        .as("the report exists, so the file scan below reads it").isNotEmptyFile();
  }

  @Test
  void noTableOutsideQuarantineHoldsACanary() {
    Warehouse warehouse = new Warehouse(temp.resolve("warehouse").toString());
    for (String table : Tables.names()) {
      if (table.equals(QuarantineTable.NAME)) {
        continue;
      }
      List<Row> rows = warehouse.read(spark, Tables.named(table)).collectAsList();
      if (List.of(CdrTable.NAME, VerificationEventsTable.NAME, AttemptsTable.NAME, FeaturesTable.NAME, FlagsTable.NAME)
          .contains(table)) {
        assertThat(rows).as("rows of %s, made from the canary's numbers", table).isNotEmpty();
      }
      assertNoCanary(rows.toString(), "table " + table);
    }
  }

  /** Quarantine's rows hold raw lines; its log does not (no column statistics, docs/operations.md). */
  @Test
  void noFileUnderTheWarehouseButQuarantinesDataHoldsACanary() throws IOException {
    for (Path file : files(temp.resolve("warehouse"))) {
      if (!file.toString().contains("/" + QuarantineTable.NAME + "/")
          || file.toString().contains("/" + QuarantineTable.NAME + "/_delta_log/")) {
        assertNoCanary(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
      }
    }
  }

  /**
   * Delta's checkpoints are compressed Parquet, where a byte scan sees nothing; read them. They carry
   * each file's column statistics (min and max of string columns) like the JSON commits do.
   */
  @Test
  void noDeltaCheckpointOutsideQuarantineHoldsACanary() throws IOException {
    List<Path> checkpoints = files(temp.resolve("warehouse")).stream()
        .filter(file -> file.getParent().getFileName().toString().equals("_delta_log"))
        .filter(file -> file.getFileName().toString().matches(".*\\.checkpoint(\\..*)?\\.parquet"))
        .filter(file -> !file.toString().contains("/" + QuarantineTable.NAME + "/")).toList();
    List<String> written = Tables.names().stream().filter(name -> !name.equals(QuarantineTable.NAME))
        .filter(name -> Files.isDirectory(temp.resolve("warehouse").resolve(name))).toList();
    assertThat(checkpoints).extracting(file -> file.getParent().getParent().getFileName().toString())
        .as("a checkpoint of every table the run wrote but quarantine").containsExactlyInAnyOrderElementsOf(written)
        .contains("cdr", "attempts", "features", "flags");
    for (Path checkpoint : checkpoints) {
      assertNoCanary(spark.read().parquet(checkpoint.toString()).collectAsList().toString(), checkpoint.toString());
    }
  }

  @Test
  void noExportOutsideQuarantineAndNothingPrintedHoldsACanary() throws IOException {
    for (Path file : files(temp.resolve("exports"))) {
      if (!file.getFileName().toString().startsWith(QuarantineTable.NAME)) {
        assertNoCanary(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
      }
    }
    assertNoCanary(console, "console and logs");
  }

  private static void assertNoCanary(String text, String where) {
    for (String form : FORMS) {
      assertThat(text).as("%s holds no '%s'", where, form).doesNotContain(form);
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
  }

  private static String event(String id, String type, String extra) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"2026-11-02T10:00:0" + id.substring(1) + "Z\","
        + "\"verification_id\":\"v1\",\"event_type\":\"" + type + "\",\"app_id\":\"app\","
        + "\"phone_number\":\"" + PHONE + "\"," + extra + "}";
  }
}
