package io.flashguard.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.QuarantineTable;
import io.flashguard.core.tables.VerificationEventsTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesEventsTest extends SparkTestBase {
  @TempDir
  Path temp;

  @Test
  void jsonLinesEventsAreReadLikeCsvAndBadLinesQuarantined() throws Exception {
    Path file = jsonLines(
        "{\"event_id\":\"e1\",\"event_time\":\"2026-11-02T10:00:00Z\",\"verification_id\":\"v1\","
            + "\"event_type\":\"REQUESTED\",\"app_id\":\"a\",\"phone_number\":\"+447700900123\","
            + "\"method\":\"flashcall\",\"device_id\":\"d1\",\"sdk_version\":\"3.1\"}",
        "{\"event_id\":\"e2\",\"event_time\":\"2026-11-02T10:00:01Z\",\"verification_id\":\"v1\","
            + "\"event_type\":\"CALL_PLACED\",\"app_id\":\"a\",\"phone_number\":\"+447700900123\","
            + "\"route_id\":\"r1\",\"expected_cli\":\"+441632960001\",\"code_length\":4,\"call_id\":null}",
        "{\"event_id\":\"e3\", \"event_time\": ",
        "[1, 2]");
    IngestResult result = InputFixtures.ingest(spark, temp.resolve("w"), List.of(), List.of(file));

    FileCounts counts = result.files().get(0);
    assertThat(counts.accepted()).as("two good events").isEqualTo(2L);
    assertThat(counts.quarantined()).as("a cut line and an array").isEqualTo(2L);
    assertThat(counts.unknownColumns()).as("keys no parser reads").containsExactly("sdk_version");
    Warehouse warehouse = new Warehouse(temp.resolve("w").toString());
    Row placed = warehouse.read(spark, VerificationEventsTable.TABLE)
        .where("event_id = 'e2'").first();
    assertThat(placed.<Integer>getAs("code_length")).as("a JSON number read as the integer it is").isEqualTo(4);
    assertThat(placed.<String>getAs("call_id")).as("JSON null is empty").isNull();
    List<Row> rejected = warehouse.read(spark, QuarantineTable.TABLE).orderBy("line").collectAsList();
    assertThat(rejected).extracting(r -> r.<String>getAs("reason")).as("reasons")
        .containsExactly("MALFORMED_JSON", "MALFORMED_JSON");
    assertThat(rejected).extracting(r -> r.<Long>getAs("line")).as("physical lines").containsExactly(3L, 4L);
  }

  @Test
  void namedValuesAreReadWhateverTheirCase() throws Exception {
    Path file = jsonLines(
        event("e1", "Requested", "\"method\":\"FlashCall\",\"device_id\":\"d1\",\"device_platform\":\"iOS\""),
        event("e2", "cli_reported",
            "\"reported_cli\":\"+441632960001\",\"report_source\":\"MANUAL\",\"device_id\":\"d1\""),
        event("e3", "VERIFIED", "\"device_platform\":\"iPhone\""));
    IngestResult result = InputFixtures.ingest(spark, temp.resolve("w"), List.of(), List.of(file));

    assertThat(result.files().get(0).accepted()).as("two events in other spellings").isEqualTo(2L);
    Warehouse warehouse = new Warehouse(temp.resolve("w").toString());
    Row requested = warehouse.read(spark, VerificationEventsTable.TABLE).where("event_id = 'e1'").first();
    assertThat(requested.<String>getAs("event_type")).as("event type as documented").isEqualTo("REQUESTED");
    assertThat(requested.<String>getAs("method")).as("method as documented").isEqualTo("flashcall");
    assertThat(requested.<String>getAs("device_platform")).as("platform as documented").isEqualTo("ios");
    Row reported = warehouse.read(spark, VerificationEventsTable.TABLE).where("event_id = 'e2'").first();
    assertThat(reported.<String>getAs("event_type")).as("event type as documented").isEqualTo("CLI_REPORTED");
    assertThat(reported.<String>getAs("report_source")).as("report source as documented").isEqualTo("manual");
    Row rejected = warehouse.read(spark, QuarantineTable.TABLE).first();
    assertThat(rejected.<String>getAs("reason")).as("a name that is none of them").isEqualTo("BAD_ENUM");
    assertThat(rejected.<String>getAs("column")).as("the field that named it").isEqualTo("device_platform");
  }

  private Path jsonLines(String... lines) throws Exception {
    Path file = temp.resolve("in").resolve("events.jsonl");
    Files.createDirectories(file.getParent());
    return Files.write(file, List.of(lines));
  }

  /** An event of verification v1 with the fields every event needs, and {@code fields}. */
  private static String event(String id, String type, String fields) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"2026-11-02T10:00:00Z\",\"verification_id\":\"v1\","
        + "\"event_type\":\"" + type + "\",\"app_id\":\"a\",\"phone_number\":\"+447700900123\"," + fields + "}";
  }
}
