package io.flashguard.jobs.ingest;

import static io.flashguard.jobs.ingest.InputFixtures.CDR_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.QuarantineTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.testing.SparkTestBase;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One canonical CDR file with one defect per line (line numbers below; the header is line 1), and
 * one clean gzip file with a BOM, CRLF line ends, a reordered upper-case header and an extra column.
 * Ingested once; each test checks one defect.
 */
class IngestJobTest extends SparkTestBase {
  private static final String GOOD = "c1,v1,r1,+441632960001,+447700900123,2026-11-02 10:00:00,"
      + "2026-11-02 10:00:02,,2026-11-02 10:00:05,487,31,0,,B,0.004";

  @TempDir
  static Path temp;

  private static IngestResult result;
  private static Map<Long, Row> quarantineByLine;
  private static Warehouse warehouse;

  @BeforeAll
  static void ingestDefects() throws IOException {
    List<String> lines = List.of(
        GOOD,                                                                    // 2 accepted
        GOOD.replace("c1,", "c3,").replace("2026-11-02 10:00:00", "2026-13-45 99:00"),   // 3
        GOOD.replace("c1,", "c4,").replace("+447700900123", "hello"),           // 4
        GOOD.replace("c1,", "c5,").replace(",r1,", ",,"),                       // 5
        GOOD.replace("c1,", "c6,") + ",extra",                                   // 6
        "c7,v1,r1,+441632960001",                                                // 7
        GOOD.replace("c1,v1", "c8,\"v1"),                                        // 8
        GOOD.replace("c1,", "c9,").replace("10:00:05", "09:59:00"),             // 9
        GOOD.replace("c1,", "c10,").replace("02,,2026", "02,2026-11-02 10:00:03,2026"),  // 10
        GOOD.replace("c1,", "c11,").replace(",487,", ",999,"),                  // 11
        GOOD.replace("c1,", "c12,").replace(",B,", ",X,"),                      // 12
        GOOD,                                                                    // 13 exact duplicate
        GOOD.replace("c1,", "c14,").replace("0.004", "0.002"),                  // 14
        GOOD.replace("c1,", "c14,").replace("0.004", "0.001"),                  // 15 same id, wins
        "",                                                                      // 16
        "c17,\"v1",                                                              // 17 quoted field cut
        "continued\",r1,+441632960001,+447700900123,2026-11-02 10:00:00,,,2026-11-02 10:00:05,487,,,,,");  // 18
    Path defects = InputFixtures.write(temp.resolve("in"), "defects.csv", CDR_HEADER, lines);

    Path clean = temp.resolve("in").resolve("clean.csv.gz");
    String header = "CARRIER_NOTE,Call_Id,route_id,CLI,b_number,start_time,end_time,sip_code";
    String text = "\uFEFF" + header + "\r\n"
        + "=cmd,g1,r2,+441632960001,+447700900124,2026-11-03T10:00:00Z,2026-11-03T10:00:04Z,487\r\n"
        + "note,g2,r2,+441632960002,+447700900125,2026-11-03T11:00:00+01:00,2026-11-03T10:00:04Z,487\r\n";
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(clean))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    SparkTestBase.session();
    result = InputFixtures.ingest(session(), temp.resolve("warehouse"), List.of(defects, clean), List.of());
    warehouse = new Warehouse(temp.resolve("warehouse").toString());
    quarantineByLine = new HashMap<>();
    for (Row row : warehouse.read(session(), QuarantineTable.TABLE).collectAsList()) {
      quarantineByLine.put(row.<Long>getAs("line"), row);
    }
  }

  @Test
  void everyLineIsAccountedForInEachFile() {
    FileCounts defects = counts("defects.csv");
    assertThat(defects.linesRead()).as("lines after the header").isEqualTo(17L);
    assertThat(defects.accepted()).as("c1 and c14").isEqualTo(2L);
    assertThat(defects.duplicates()).as("line 13 repeats c1, line 14 loses to line 15").isEqualTo(2L);
    assertThat(defects.quarantined()).as("one defect per line").isEqualTo(13L);
    assertThat(result.files()).as("lines_read = accepted + quarantined + duplicates").allMatch(FileCounts::balances);
  }

  @Test
  void quarantinesUnparseableTimestamp() {
    assertRejected(3, "BAD_TIMESTAMP", "start_time");
  }

  @Test
  void quarantinesBadPhoneNumber() {
    assertRejected(4, "BAD_NUMBER", "b_number");
  }

  @Test
  void quarantinesMissingRequiredValue() {
    assertRejected(5, "MISSING_FIELD", "route_id");
  }

  @Test
  void quarantinesTooManyAndTooFewFields() {
    assertRejected(6, "TOO_MANY_FIELDS", null);
    assertRejected(7, "TOO_FEW_FIELDS", null);
  }

  @Test
  void quarantinesUnbalancedQuoteAndOnlyThatLine() {
    assertRejected(8, "UNBALANCED_QUOTE", null);
    assertThat(quarantineByLine).as("the next line is parsed on its own").containsKey(9L);
  }

  @Test
  void aQuotedFieldCutByALineEndQuarantinesBothHalvesAndNothingElse() {
    assertRejected(17, "UNBALANCED_QUOTE", null);
    assertThat(quarantineByLine).as("the second half is not a record either").containsKey(18L);
    assertThat(counts("defects.csv").accepted()).as("the good lines still count").isEqualTo(2L);
  }

  @Test
  void quarantinesEndBeforeStart() {
    assertRejected(9, "TIME_ORDER", "end_time");
  }

  @Test
  void quarantinesAnswerTimeOnANon200Leg() {
    assertRejected(10, "INCONSISTENT", "answer_time");
  }

  @Test
  void quarantinesOutOfRangeAndUnknownValues() {
    assertRejected(11, "BAD_VALUE", "sip_code");
    assertRejected(12, "BAD_ENUM", "stir_attestation");
    assertRejected(16, "EMPTY_LINE", null);
  }

  @Test
  void sameIdWithAnotherPayloadKeepsTheSameRowWhateverTheFileOrder() {
    String cheap = GOOD.replace("0.004", "0.001");
    String dear = GOOD.replace("0.004", "0.002");
    Path a = InputFixtures.write(temp.resolve("order"), "a.csv", CDR_HEADER, List.of(cheap));
    Path b = InputFixtures.write(temp.resolve("order"), "b.csv", CDR_HEADER, List.of(dear));
    BigDecimal forward = survivingCost(List.of(a, b), "w-forward");
    BigDecimal backward = survivingCost(List.of(b, a), "w-backward");
    Path swappedA = InputFixtures.write(temp.resolve("swapped"), "a.csv", CDR_HEADER, List.of(dear));
    Path swappedB = InputFixtures.write(temp.resolve("swapped"), "b.csv", CDR_HEADER, List.of(cheap));
    BigDecimal renamed = survivingCost(List.of(swappedA, swappedB), "w-renamed");
    assertThat(backward).as("files given in the other order").isEqualByComparingTo(forward);
    assertThat(renamed).as("the lines swapped between the files").isEqualByComparingTo(forward);
    assertThat(counts("defects.csv").duplicates()).as("line 14 or 15 is counted as a duplicate, with line 13")
        .isEqualTo(2L);
  }

  private BigDecimal survivingCost(List<Path> files, String warehouseName) {
    IngestResult run = InputFixtures.ingest(spark, temp.resolve(warehouseName), files, List.of());
    assertThat(run.files()).as("one accepted, one duplicate").allMatch(FileCounts::balances);
    List<Row> rows = new Warehouse(temp.resolve(warehouseName).toString())
        .read(spark, CdrTable.TABLE).collectAsList();
    assertThat(rows).as("one row survives").hasSize(1);
    return rows.get(0).getAs("cost");
  }

  @Test
  void readsGzipWithBomCrlfReorderedHeaderAndExtraColumns() {
    FileCounts clean = counts("clean.csv.gz");
    assertThat(clean.accepted()).as("both lines").isEqualTo(2L);
    assertThat(clean.unknownColumns()).as("ignored and reported").containsExactly("carrier_note");
    Row g2 = legs().stream().filter(r -> r.getAs("call_id").equals("g2")).findFirst().orElseThrow();
    assertThat(g2.<java.sql.Timestamp>getAs("start_time")).as("+01:00 stored as UTC")
        .isEqualTo(at("2026-11-03T10:00:00Z"));
  }

  @Test
  void storesNoClearPhoneNumbers() {
    String all = legs().toString();
    assertThat(all).as("cdr rows").doesNotContain("7700900123").doesNotContain("1632960001");
  }

  @Test
  void missingRequiredColumnFailsTheFileNamingColumnAndFile() {
    Path file = InputFixtures.write(temp.resolve("missing"), "no-sip.csv",
        "call_id,route_id,cli,b_number,start_time,end_time", List.of());
    assertThatThrownBy(() -> InputFixtures.ingest(spark, temp.resolve("w2"), List.of(file), List.of()))
        .isInstanceOf(InputFileException.class)
        .hasMessageContaining("no-sip.csv")
        .hasMessageContaining("'sip_code'");
  }

  @Test
  void tooManyBadLinesFailsAndPublishesNothing() {
    Path file = InputFixtures.write(temp.resolve("bad"), "bad.csv", CDR_HEADER,
        List.of(GOOD, GOOD.replace("c1,", "c2,").replace("+447700900123", "x")));
    Path target = temp.resolve("w3");
    assertThatThrownBy(() -> InputFixtures.ingest(spark, target, List.of(file), List.of(), 0.1))
        .isInstanceOf(TooManyBadLinesException.class)
        .hasMessageContaining("1 of 2 input lines");
    assertThat(target.resolve(CdrTable.NAME)).as("nothing published").doesNotExist();
  }

  private static FileCounts counts(String name) {
    return result.files().stream().filter(f -> f.file().endsWith(name)).findFirst().orElseThrow();
  }

  @Test
  void aFileWithoutTheAlertTimeColumnSaysNothingOfAlerting() {
    Map<String, Boolean> available = new HashMap<>();
    legs().forEach(leg -> available.put(leg.getAs("call_id"), leg.getAs("alert_time_available")));
    assertThat(available).as("by call id").containsEntry("c1", true).containsEntry("g1", false);
  }

  private List<Row> legs() {
    return warehouse.read(spark, CdrTable.TABLE).collectAsList();
  }

  private static void assertRejected(long line, String reason, String column) {
    Row row = quarantineByLine.get(line);
    assertThat(row).as("line %d is quarantined", line).isNotNull();
    assertThat(row.<String>getAs("reason")).as("reason of line %d", line).isEqualTo(reason);
    assertThat(row.<String>getAs("column")).as("column of line %d", line).isEqualTo(column);
    assertThat(row.<String>getAs("raw")).as("raw line %d kept", line).isNotNull();
  }
}
