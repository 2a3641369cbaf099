package io.flashguard.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.warehouse.AsOf;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.cli.FlashguardCommand;
import io.flashguard.testing.SparkTestBase;
import io.flashguard.testing.TestFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report files of the fixture warehouse: escaping, self-containment, content, the case list. */
class ReportJobTest extends SparkTestBase {
  @TempDir
  static Path temp;

  private static ReportJob.Result result;
  private static String html;

  @BeforeAll
  static void writeTheReport() throws IOException {
    Warehouse warehouse = new Warehouse(temp.resolve("warehouse").toString());
    ReportJobTest fixture = new ReportJobTest();
    ReportFixture.publish(fixture::frame, session(), warehouse);
    result = new ReportJob(session(), warehouse, Clock.fixed(Instant.parse("2026-11-21T05:00:00Z"), ZoneOffset.UTC))
        .run(ReportFixture.DAY);
    html = Files.readString(Path.of(result.html()));
  }

  @Test
  void theTablesAsOfAnEarlierTimeReproduceThatTimesReport() throws Exception {
    Path copy = TestFiles.copyTree(temp.resolve("warehouse"), temp.resolve("warehouse-history"));
    Warehouse warehouse = new Warehouse(copy.toString());
    Instant reported = Instant.now();
    Thread.sleep(1100); // commit times may come from file times, whole seconds on some file systems
    warehouse.publish(spark, FlagsTable.TABLE, spark.createDataFrame(List.of(), FlagsTable.TABLE.schema()),
        List.of(ReportFixture.DAY));
    assertThat(result.cases()).as("the fixture's report has cases").isPositive();
    assertThat(new ReportJob(spark, warehouse).run(ReportFixture.DAY).cases()).as("after the flags were replaced")
        .isZero();

    assertThat(FlashguardCommand.execute("report", "--warehouse", copy.toString(), "--date",
        ReportFixture.DAY.toString(), "--as-of", reported.toString())).as("report --as-of").isZero();
    Path reproduced = copy.resolve("reports").resolve(ReportFixture.DAY.toString())
        .resolve("as-of-" + AsOf.parse(reported.toString()).label()).resolve("fraud-cases.csv");
    assertThat(reproduced).as("the report as of the first report's time, beside the current one")
        .hasSameTextualContentAs(Path.of(result.casesCsv()));

    assertThat(warehouse.history(spark, FlagsTable.TABLE, 10).collectAsList()).as("flags' history, newest first")
        .hasSizeGreaterThanOrEqualTo(2).first().extracting(row -> row.getString(2)).isEqualTo("WRITE");
    assertThat(FlashguardCommand.execute("history", "--warehouse", copy.toString(), "--table", "flags"))
        .as("history").isZero();
    assertThat(FlashguardCommand.execute("maintain", "--warehouse", copy.toString(), "--retain-days", "1"))
        .as("a retention shorter than Delta's default is refused").isEqualTo(2);
    List<String> metrics = rows(warehouse.read(spark, RouteMetricsTable.TABLE));
    warehouse.publish(spark, RouteMetricsTable.TABLE, warehouse.read(spark, RouteMetricsTable.TABLE).repartition(3),
        List.of(ReportFixture.DAY)); // three small files in one date
    assertThat(FlashguardCommand.execute("maintain", "--warehouse", copy.toString(), "--table", "route_metrics"))
        .as("maintain").isZero();
    assertThat(warehouse.history(spark, RouteMetricsTable.TABLE, 3).collectAsList())
        .extracting(row -> row.getString(2)).as("compacted, then vacuumed").contains("OPTIMIZE");
    assertThat(rows(warehouse.read(spark, RouteMetricsTable.TABLE))).as("rows unchanged by maintenance")
        .isEqualTo(metrics);
  }

  @Test
  void writesBothFilesUnderTheDaysReportFolder() {
    assertThat(Path.of(result.html())).as("page").hasFileName("route-quality.html").exists()
        .hasParent(temp.resolve("warehouse/reports/2026-11-20").toAbsolutePath());
    assertThat(Path.of(result.casesCsv())).as("case list").hasFileName("fraud-cases.csv").exists();
    try (var listing = Files.list(Path.of(result.html()).getParent())) {
      assertThat(listing.map(path -> path.getFileName().toString()).toList()).as("no temporary file left behind")
          .containsExactlyInAnyOrder("route-quality.html", "fraud-cases.csv");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void hostileIdsAreEscapedEverywhere() {
    for (String hostile : List.of(ReportFixture.HOSTILE_ROUTE, ReportFixture.HOSTILE_APP, ReportFixture.HOSTILE_CARRIER,
        ReportFixture.HOSTILE_REASON)) {
      assertThat(html).as("raw %s", hostile).doesNotContain(hostile);
      assertThat(html).as("escaped %s", hostile).contains(Html.text(hostile));
    }
    assertThat(html).as("no live markup from the ids").doesNotContain("<script>window.__pwned")
        .doesNotContain("<img src=x").doesNotContain("<svg onload");
    // the only script elements are the page's own: one JSON block per chart, ECharts, the drawing code
    int charts = count(html, "data-chart=\"");
    assertThat(count(html, "<script")).as("script elements: the page's own only").isEqualTo(charts + 2);
    assertThat(count(html, "<script type=\"application/json\"")).as("one data block per chart").isEqualTo(charts);
    assertThat(html).as("hostile ids in chart data are JSON-escaped").contains("gb-\\u003cscript\\u003e");
  }

  @Test
  void theFileIsSelfContained() {
    String echarts = RouteQualityPage.resource(RouteQualityPage.ECHARTS);
    assertThat(html).as("ECharts inlined whole").contains(echarts);
    // ECharts' own code holds markup for its (unused) image export; the browser test checks nothing is fetched
    String ours = html.replace(echarts, "");
    assertThat(ours).as("no external reference").doesNotContainPattern("(?i)<(link|iframe|img|object|embed)\\b")
        .doesNotContainPattern("(?i)\\b(src|href)\\s*=\\s*\"(https?:)?//")
        .doesNotContainPattern("(?i)url\\(\\s*['\"]?(https?:)?//")
        .doesNotContain("@import")
        .doesNotContain("sourceMappingURL");
    assertThat(ours).as("charts drawn as SVG").contains("renderer: 'svg'");
  }

  @Test
  void countriesListRoutesInRecommendedOrderWithIntervalsAndInsufficientData() {
    String gb = section(html, "GB");
    assertThat(gb.indexOf(">gb-direct-1<")).as("rank 1 first").isLessThan(gb.indexOf(Html.text(ReportFixture.HOSTILE_ROUTE)));
    assertThat(gb.indexOf(Html.text(ReportFixture.HOSTILE_ROUTE))).as("rank 2 before rank 3").isLessThan(gb.indexOf(">gb-grey-1<"));
    assertThat(count(gb, "<tr")).as("header and three routes").isEqualTo(4);
    assertThat(gb).as("GB's table").contains("97.0%").contains("94.0–100.0%") // gb-direct-1's visibility with its interval
        .contains("0.0118 EUR") // expected cost per verified
        .contains("insufficient").contains("n = 20")
        .contains("1.4 s / 2.6 s").contains("4.2 s / 41.0 s") // PDD and time to verify
        .contains("▼"); // the degraded rate is marked
    assertThat(count(section(html, "DE"), "<tr")).as("header and two routes").isEqualTo(3);
    assertThat(html).as("the hourly row is not a route of the day").doesNotContain("n = 5");
  }

  @Test
  void alertsCarryTheirBaselineAndBurstContext() {
    String alerts = html.substring(html.indexOf("<table id=\"alerts-table\">"), html.indexOf("</table>",
        html.indexOf("<table id=\"alerts-table\">")));
    assertThat(count(alerts, "<tr")).as("header and one alert").isEqualTo(2);
    assertThat(alerts).as("today, baseline, change, context").contains("40.0%").contains("95.0%").contains("2,100 trials, 7 day(s)").contains("-55.0 pp")
        .contains("1 burst window(s) detected in this country today");
  }

  @Test
  void theCaseListRanksCasesAndRoundTripsThroughCommonsCsv() throws IOException {
    List<CSVRecord> records;
    try (Reader reader = Files.newBufferedReader(Path.of(result.casesCsv()), StandardCharsets.UTF_8)) {
      records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    }
    assertThat(result.cases()).as("cases written").isEqualTo(3);
    assertThat(records).extracting(r -> r.get("rank")).as("ranks").containsExactly("1", "2", "3");
    assertThat(records).extracting(r -> r.get("case_id")).as("by score: the burst, then v-1, then v-2")
        .containsExactly(ReportFixture.WINDOW, "v-1", "v-2");
    CSVRecord window = records.get(0);
    assertThat(window.get("case_type")).as("case type").isEqualTo("window");
    assertThat(window.get("verifications")).as("the burst's verifications are counted, not listed").isEqualTo("3");
    CSVRecord spoofed = records.get(1);
    assertThat(spoofed.get("fraud_type")).as("the type furthest above its threshold").isEqualTo("spoofed_cli");
    assertThat(spoofed.get("other_fraud_types")).as("the other type that flagged it").isEqualTo("forwarding_hijack");
    assertThat(spoofed.get("score")).as("score").isEqualTo("0.970");
    assertThat(spoofed.get("app_id")).as("formula neutralised").isEqualTo("'" + ReportFixture.FORMULA_APP);
    assertThat(spoofed.get("reasons")).as("formula neutralised, reasons joined")
        .isEqualTo("'" + ReportFixture.FORMULA_REASON + " | " + ReportFixture.HOSTILE_REASON);
    assertThat(records.get(2).get("route_id")).as("text survives quoting").isEqualTo(ReportFixture.HOSTILE_ROUTE);
    assertThat(records.get(0).toMap().keySet()).as("header").containsExactlyElementsOf(FraudCases.COLUMNS);
  }

  @Test
  void thePageShowsTheTopCasesAndTheBurstTimeline() {
    String cases = html.substring(html.indexOf("<table id=\"cases-table\">"));
    assertThat(count(cases.substring(0, cases.indexOf("</table>")), "<tr")).as("header and three cases").isEqualTo(4);
    assertThat(html).as("burst chart and table, other types").contains("id=\"chart-bursts\"").contains("22:00 UTC").contains("also forwarding hijack");
  }

  /** The HTML of the country section whose heading is {@code country}. */
  private static String section(String html, String country) {
    Matcher heading = Pattern.compile("<h2>" + country + " <span").matcher(html);
    assertThat(heading.find()).as("a section for %s", country).isTrue();
    return html.substring(heading.start(), html.indexOf("</section>", heading.start()));
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static List<String> rows(Dataset<Row> table) {
    return table.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
