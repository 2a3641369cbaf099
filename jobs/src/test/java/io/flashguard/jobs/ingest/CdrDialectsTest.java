package io.flashguard.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.QuarantineTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.metrics.RouteMetricsJob;
import io.flashguard.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our own fixtures in the Asterisk cdr_csv and FreeSWITCH mod_cdr_csv formats (written from the
 * formats' documentation; the GPL test files are only read, never copied). Line numbers are
 * physical lines: these formats have no header.
 */
class CdrDialectsTest extends SparkTestBase {
  private static final String AST_16 = "\"\",\"+441632960001\",\"+447700900123\",\"flash\","
      + "\"\"\"Flash \"\"x\"\"\"\" <+441632960001>\",\"Local/flash-00000001;1\",\"SIP/carrier-a-0000001d\","
      + "\"Dial\",\"SIP/carrier-a/+447700900123\",\"2026-11-02 10:00:00\",,\"2026-11-02 10:00:03\",3,0,"
      + "\"NO ANSWER\",\"DOCUMENTATION\"";

  @TempDir
  static Path temp;

  private static Map<String, Row> asterisk;
  private static Map<Long, Row> asteriskQuarantine;
  private static Map<String, Row> freeswitch;
  private static Map<Long, Row> freeswitchQuarantine;
  private static Warehouse asteriskWarehouse;

  @BeforeAll
  static void ingestBothDialects() throws Exception {
    List<String> asteriskLines = List.of(
        AST_16,                                                                             // 1
        AST_16.replace("\"NO ANSWER\",\"DOCUMENTATION\"", "\"ANSWERED\",\"DOCUMENTATION\",\"1762077600.2\",\"\"")
            .replace(",,\"2026-11-02 10:00:03\"", ",\"2026-11-02 10:00:02\",\"2026-11-02 10:00:03\""),  // 2: 18 fields
        AST_16.replace("\"NO ANSWER\",\"DOCUMENTATION\"",
            "\"BUSY\",\"DOCUMENTATION\",\"1762077600.3\",\"\",\"\",\"1762077600.3\",7"),          // 3: 21 fields
        AST_16.replace("\"NO ANSWER\"", "\"FAILED\"").replace(",,\"2026-11-02 10:00:03\"",
            ",\"2026-11-02 10:00:00\",\"2026-11-02 10:00:03\"").replace("\"DOCUMENTATION\"",
            "\"DOCUMENTATION\",\"1762077600.4\""),                                          // 4: answer on FAILED
        AST_16.replace("\"NO ANSWER\"", "\"UNKNOWN\""),                                      // 5
        AST_16 + ",\"1762077600.6\",\"\",\"x\"",                                             // 6: 19 fields
        AST_16 + ",\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"",                                     // 7: 22 fields
        AST_16.replace("\"DOCUMENTATION\"", "\"DOCUMENTATION\",\"1762077600.8\",\""));      // 8: open quote
    Path asteriskFile = temp.resolve("asterisk").resolve("Master.csv");
    Files.createDirectories(asteriskFile.getParent());
    Files.write(asteriskFile, asteriskLines);
    asteriskWarehouse = new Warehouse(temp.resolve("w-asterisk").toString());
    InputFixtures.ingest(session(), temp.resolve("w-asterisk"), CdrFormat.ASTERISK, null,
        ZoneId.of("Europe/London"), List.of(asteriskFile), List.of(), 1.0);
    asterisk = byCallId(asteriskWarehouse);
    asteriskQuarantine = quarantine(asteriskWarehouse);

    String fs = "\"Flash\",\"+441632960001\",\"+447700900123\",\"default\",\"2026-11-02 10:00:00\",\"%s\","
        + "\"2026-11-02 10:00:04\",\"4\",\"0\",\"%s\",\"%s\",\"\", \"%s\"";
    List<String> freeswitchLines = List.of(
        String.format(fs, "", "ORIGINATOR_CANCEL", "fs-1", "carrier-b"),
        String.format(fs, "2026-11-02 10:00:02", "NORMAL_CLEARING", "fs-2", "carrier-b"),
        String.format(fs, "", "NORMAL_CLEARING", "fs-3", "carrier-b"),
        String.format(fs, "", "USER_BUSY", "fs-4", "carrier-b"),
        String.format(fs, "", "LOSE_RACE", "fs-5", ""),
        String.format(fs, "", "not a cause", "fs-6", "carrier-b"),
        "\"Flash\",\"+441632960001\",\"+447700900123\"");
    Path freeswitchFile = temp.resolve("freeswitch").resolve("Master.csv");
    Files.createDirectories(freeswitchFile.getParent());
    Files.write(freeswitchFile, freeswitchLines);
    Warehouse fsWarehouse = new Warehouse(temp.resolve("w-freeswitch").toString());
    InputFixtures.ingest(session(), temp.resolve("w-freeswitch"), CdrFormat.FREESWITCH, "fs-route",
        ZoneOffset.UTC, List.of(freeswitchFile), List.of(), 1.0);
    freeswitch = byCallId(fsWarehouse);
    freeswitchQuarantine = quarantine(fsWarehouse);
  }

  @Test
  void asteriskRowsOfSixteenEighteenAndTwentyOneFieldsAreRead() {
    assertThat(asterisk).as("lines 1-4 accepted").hasSize(4);
    Row answered = asterisk.get("1762077600.2");
    assertThat(answered.<Integer>getAs("sip_code")).as("ANSWERED").isEqualTo(200);
    assertThat(answered.<Boolean>getAs("answered")).as("answer time kept").isTrue();
    assertThat(asterisk.get("1762077600.3").<Integer>getAs("sip_code")).as("BUSY").isEqualTo(486);
  }

  @Test
  void asteriskWithoutUniqueIdGetsAStableIdAndTheRouteOfItsChannel() {
    Row noAnswer = asterisk.values().stream().filter(r -> r.<String>getAs("call_id").startsWith("ast-"))
        .findFirst().orElseThrow();
    assertThat(noAnswer.<String>getAs("route_id")).as("peer of SIP/carrier-a-0000001d").isEqualTo("carrier-a");
    assertThat(noAnswer.<Integer>getAs("sip_code")).as("NO ANSWER").isEqualTo(487);
    assertThat(noAnswer.<Boolean>getAs("alert_time_available")).as("Asterisk has no alert time").isFalse();
    assertThat(noAnswer.<String>getAs("source_format")).as("format").isEqualTo("asterisk");
    assertThat(noAnswer.<java.sql.Timestamp>getAs("start_time")).as("London time (GMT in November) as UTC")
        .isEqualTo(at("2026-11-02T10:00:00Z"));
  }

  @Test
  void asteriskAnswerFieldOnAnUnansweredCallIsIgnored() {
    Row failed = asterisk.get("1762077600.4");
    assertThat(failed.<Integer>getAs("sip_code")).as("FAILED").isEqualTo(502);
    assertThat(failed.<Boolean>getAs("answered")).as("answer = start on FAILED is not an answer").isFalse();
  }

  @Test
  void asteriskBadLinesAreQuarantinedWithTheirReasons() {
    assertThat(asteriskQuarantine.get(5L).<String>getAs("reason")).as("UNKNOWN disposition").isEqualTo("BAD_ENUM");
    assertThat(asteriskQuarantine.get(5L).<String>getAs("column")).as("column").isEqualTo("disposition");
    assertThat(asteriskQuarantine.get(6L).<String>getAs("reason")).as("19 fields").isEqualTo("TOO_FEW_FIELDS");
    assertThat(asteriskQuarantine.get(7L).<String>getAs("reason")).as("22 fields").isEqualTo("TOO_MANY_FIELDS");
    assertThat(asteriskQuarantine.get(8L).<String>getAs("reason")).as("quote left open").isEqualTo("UNBALANCED_QUOTE");
  }

  @Test
  void metricsNeedingAlertTimeAreNotAvailableForAsterisk() {
    List<Row> metrics = RouteMetricsJob.compute(asteriskWarehouse.read(spark, CdrTable.TABLE),
        spark.createDataFrame(List.of(), AttemptsTable.SCHEMA), 1).where("hour is null").collectAsList();
    assertThat(metrics).as("one route, one country").hasSize(1);
    assertThat(metrics.get(0).<String>getAs("alert_rate_status")).as("alert rate").isEqualTo("not_available");
    assertThat(metrics.get(0).<String>getAs("pdd_status")).as("pdd").isEqualTo("not_available");
    assertThat(metrics.get(0).<String>getAs("answer_rate_status")).as("answer rate still works").isEqualTo("ok");
  }

  @Test
  void freeswitchHangupCausesMapToSipAndQ850() {
    assertThat(freeswitch.get("fs-1").<Integer>getAs("sip_code")).as("ORIGINATOR_CANCEL").isEqualTo(487);
    assertThat(freeswitch.get("fs-1").<Integer>getAs("q850_cause")).as("not a Q.850 cause").isNull();
    assertThat(freeswitch.get("fs-2").<Integer>getAs("sip_code")).as("answered NORMAL_CLEARING").isEqualTo(200);
    assertThat(freeswitch.get("fs-2").<Integer>getAs("q850_cause")).as("q850").isEqualTo(16);
    assertThat(freeswitch.get("fs-3").<Integer>getAs("sip_code")).as("unanswered NORMAL_CLEARING").isEqualTo(487);
    assertThat(freeswitch.get("fs-4").<Integer>getAs("sip_code")).as("USER_BUSY").isEqualTo(486);
    assertThat(freeswitch.get("fs-4").<Integer>getAs("q850_cause")).as("USER_BUSY q850").isEqualTo(17);
    assertThat(freeswitch.get("fs-5").<Integer>getAs("sip_code")).as("other causes").isEqualTo(500);
  }

  @Test
  void freeswitchRouteComesFromAccountCodeOrTheRouteOption() {
    assertThat(freeswitch.get("fs-1").<String>getAs("route_id")).as("accountcode after the space").isEqualTo("carrier-b");
    assertThat(freeswitch.get("fs-5").<String>getAs("route_id")).as("empty accountcode").isEqualTo("fs-route");
  }

  @Test
  void freeswitchBadLinesAreQuarantined() {
    assertThat(freeswitchQuarantine.get(6L).<String>getAs("reason")).as("not a cause name").isEqualTo("BAD_ENUM");
    assertThat(freeswitchQuarantine.get(6L).<String>getAs("column")).as("column").isEqualTo("hangup_cause");
    assertThat(freeswitchQuarantine.get(7L).<String>getAs("reason")).as("3 of 13 fields").isEqualTo("TOO_FEW_FIELDS");
  }

  private static Map<String, Row> byCallId(Warehouse warehouse) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : warehouse.read(session(), CdrTable.TABLE).collectAsList()) {
      rows.put(row.getAs("call_id"), row);
    }
    return rows;
  }

  private static Map<Long, Row> quarantine(Warehouse warehouse) {
    Map<Long, Row> rows = new HashMap<>();
    for (Row row : warehouse.read(session(), QuarantineTable.TABLE).collectAsList()) {
      rows.put(row.getAs("line"), row);
    }
    return rows;
  }
}
