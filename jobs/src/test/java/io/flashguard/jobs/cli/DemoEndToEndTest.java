package io.flashguard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.testing.SparkTestBase;
import io.flashguard.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code flashguard demo} on the bundled samples, then recomputes some of its numbers straight
 * from the sample files with plain Java (no Spark, no flashguard code) and compares.
 */
@Tag(SparkTestBase.END_TO_END)
class DemoEndToEndTest extends SparkTestBase {
  private static final Path SAMPLES = Path.of("..", "data-samples");
  private static final LocalDate LAST_DAY = LocalDate.parse("2026-11-04");
  /**
   * Kept after the tests: the notebooks module runs every notebook on it in {@code verify}
   * (notebooks/run-all), so the build makes the demo warehouse once.
   */
  static final Path WAREHOUSE = Path.of("target", "demo-warehouse").toAbsolutePath();

  @TempDir
  static Path temp;

  private static int exitCode;
  private static String output;

  @BeforeAll
  static void runDemo() throws IOException {
    session();
    TestFiles.deleteTree(WAREHOUSE);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exitCode = FlashguardCommand.execute("demo", "--samples", SAMPLES.toString(),
          "--warehouse", WAREHOUSE.toString());
    } finally {
      System.setOut(original);
    }
    output = captured.toString(StandardCharsets.UTF_8);
    original.print(output);
  }

  @Test
  void demoSucceedsAndPrintsTheLastDaysRouteSummary() {
    assertThat(exitCode).as("exit code; output:%n%s", output).isEqualTo(0);
    assertThat(output).as("summary").contains("Route quality on 2026-11-04").contains("gb-direct-1");
    assertThat(output).as("no clear numbers on the console").doesNotContainPattern("\\+\\d{9,}");
  }

  @Test
  void demoEndsWithTheLastDaysReportWhoseCaseListCoversEveryFlag() throws IOException {
    Path folder = WAREHOUSE.resolve("reports").resolve(LAST_DAY.toString()).toAbsolutePath();
    assertThat(output.strip()).as("the demo ends by printing where the report is")
        .contains("The route-quality report of 2026-11-04").contains(folder.resolve("route-quality.html").toString())
        .endsWith(folder.resolve("fraud-cases.csv").toString());
    assertThat(folder.resolve("route-quality.html")).isNotEmptyFile();

    Set<String> expected = new HashSet<>();
    for (Row flag : new Warehouse(WAREHOUSE.toString())
        .read(spark, FlagsTable.TABLE, LAST_DAY, LAST_DAY).where("flagged").collectAsList()) {
      boolean passedOnByABurst = flag.getAs("verification_id") != null && flag.getAs("window_id") != null;
      if (!passedOnByABurst) {
        expected.add(flag.getAs("verification_id") != null ? flag.getAs("verification_id") : flag.getAs("window_id"));
      }
    }
    List<CSVRecord> cases;
    try (Reader reader = Files.newBufferedReader(folder.resolve("fraud-cases.csv"))) {
      cases = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    }
    assertThat(expected).as("the samples' last day has flags").isNotEmpty();
    assertThat(cases).extracting(record -> record.get("case_id")).as("one case per flagged verification or burst")
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void callsAndAlertsPerRouteMatchTheSampleFiles() throws IOException {
    Map<String, long[]> expected = new HashMap<>();
    Map<String, CSVRecord> unique = new HashMap<>();
    for (CSVRecord leg : records("cdr")) {
      unique.putIfAbsent(leg.get("call_id"), leg);
    }
    for (CSVRecord leg : unique.values()) {
      if (leg.get("start_time").startsWith(LAST_DAY.toString())) {
        long[] counts = expected.computeIfAbsent(leg.get("route_id"), r -> new long[2]);
        counts[0]++;
        counts[1] += leg.get("alert_time").isEmpty() ? 0 : 1;
      }
    }
    Map<String, long[]> actual = new HashMap<>();
    for (Row row : dayRows()) {
      long[] counts = actual.computeIfAbsent(row.getAs("route_id"), r -> new long[2]);
      counts[0] += row.<Long>getAs("calls");
      counts[1] += row.<Long>getAs("alert_rate_num");
    }
    assertThat(actual.keySet()).as("routes").isEqualTo(expected.keySet());
    expected.forEach((route, counts) -> {
      assertThat(actual.get(route)[0]).as("calls on %s", route).isEqualTo(counts[0]);
      assertThat(actual.get(route)[1]).as("alerted legs on %s", route).isEqualTo(counts[1]);
    });
  }

  @Test
  void verifiedAndRequestedPerRouteMatchTheSampleFiles() throws IOException {
    Map<String, List<CSVRecord>> byVerification = new HashMap<>();
    Map<String, Boolean> seen = new HashMap<>();
    for (CSVRecord event : records("verifications")) {
      if (seen.putIfAbsent(event.get("event_id"), true) == null) {
        byVerification.computeIfAbsent(event.get("verification_id"), v -> new java.util.ArrayList<>()).add(event);
      }
    }
    Map<String, long[]> expected = new HashMap<>();
    for (List<CSVRecord> events : byVerification.values()) {
      events.sort(java.util.Comparator.comparing((CSVRecord e) -> e.get("event_time")));
      if (!events.get(0).get("event_time").startsWith(LAST_DAY.toString())) {
        continue;
      }
      String route = null;
      boolean requested = false;
      String verifiedAt = null;
      String fallbackAt = null;
      for (CSVRecord event : events) {
        switch (event.get("event_type")) {
          case "CALL_PLACED" -> route = event.get("route_id");
          case "REQUESTED" -> requested = true;
          case "VERIFIED" -> verifiedAt = verifiedAt == null ? event.get("event_time") : verifiedAt;
          case "FALLBACK_SMS" -> fallbackAt = fallbackAt == null ? event.get("event_time") : fallbackAt;
          default -> { }
        }
      }
      if (route == null || !requested) {
        continue;
      }
      long[] counts = expected.computeIfAbsent(route, r -> new long[2]);
      counts[0]++;
      boolean verified = verifiedAt != null && (fallbackAt == null || verifiedAt.compareTo(fallbackAt) < 0);
      counts[1] += verified ? 1 : 0;
    }
    Map<String, long[]> actual = new HashMap<>();
    for (Row row : dayRows()) {
      long[] counts = actual.computeIfAbsent(row.getAs("route_id"), r -> new long[2]);
      counts[0] += row.<Long>getAs("requested");
      counts[1] += row.<Long>getAs("verified");
    }
    expected.forEach((route, counts) -> {
      assertThat(actual.get(route)[0]).as("requested with last call on %s", route).isEqualTo(counts[0]);
      assertThat(actual.get(route)[1]).as("verified with last call on %s", route).isEqualTo(counts[1]);
    });
  }

  @Test
  void exportWritesEveryRowOfATable() throws IOException {
    Path out = temp.resolve("route_metrics.csv");
    int code = FlashguardCommand.execute("export", "--table", "route_metrics",
        "--warehouse", WAREHOUSE.toString(), "--out", out.toString());
    assertThat(code).as("export exit code").isEqualTo(0);
    long rows = new Warehouse(WAREHOUSE.toString())
        .read(spark, RouteMetricsTable.TABLE).count();
    try (Reader reader = Files.newBufferedReader(out)) {
      List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(reader).getRecords();
      assertThat(records).as("exported rows").hasSize((int) rows);
      assertThat(records.get(0).toMap().keySet()).as("header is the table's columns")
          .containsExactlyInAnyOrder(RouteMetricsTable.SCHEMA.fieldNames());
    }
  }

  private List<Row> dayRows() {
    return new Warehouse(WAREHOUSE.toString())
        .read(spark, RouteMetricsTable.TABLE, LAST_DAY, LAST_DAY)
        .where("hour is null").collectAsList();
  }

  private static List<CSVRecord> records(String folder) throws IOException {
    List<CSVRecord> all = new java.util.ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(SAMPLES.resolve(folder))) {
      files = list.filter(p -> p.toString().endsWith(".csv.gz")).sorted().toList();
    }
    for (Path file : files) {
      try (Reader reader = new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8)) {
        all.addAll(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords());
      }
    }
    return all;
  }
}
