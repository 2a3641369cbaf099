package io.flashguard.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.testing.SparkTestBase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens the fixture's report from disk in Debian's headless Chromium: no console error, nothing
 * fetched, every chart drawn, the tables' rows, hostile ids shown as text and never run. Keeps a
 * screenshot under {@code target/report-screenshots/}.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's {@code chromium}
 * and {@code chromium-driver}, which {@code .ci/run} installs). Without them the test is skipped,
 * unless {@code FLASHGUARD_BROWSER_TESTS=required} (as in CI), where their absence fails it.
 */
@Tag(SparkTestBase.END_TO_END)
class ReportBrowserTest extends SparkTestBase {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");

  @TempDir
  static Path temp;

  private static ChromeDriver browser;
  private static String html;

  @BeforeAll
  static void openTheReport() throws IOException {
    boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    if (!installed && "required".equals(System.getenv("FLASHGUARD_BROWSER_TESTS"))) {
      throw new AssertionError("FLASHGUARD_BROWSER_TESTS=required but " + CHROMIUM + " or " + CHROMEDRIVER
          + " is missing: apt-get install chromium chromium-driver");
    }
    Assumptions.assumeTrue(installed, "Chromium and ChromeDriver are not installed (apt-get install chromium "
        + "chromium-driver, or run .ci/run)");

    Warehouse warehouse = new Warehouse(temp.resolve("warehouse").toString());
    ReportFixture.publish(new ReportBrowserTest()::frame, session(), warehouse);
    html = new ReportJob(session(), warehouse).run(ReportFixture.DAY).html();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--user-data-dir=" + Files.createDirectories(temp.resolve("chromium-profile")), "--window-size=1400,1000");
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.get(new File(html).toURI().toString());
  }

  @AfterAll
  static void closeTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void opensWithoutConsoleErrorsAndFetchesNothing() {
    List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    assertThat(problems).as("console errors and warnings").isEmpty();
    Object fetched = script("return performance.getEntriesByType('resource').map(e => e.name);");
    assertThat((List<?>) fetched).as("resources the page fetched").isEmpty();
  }

  @Test
  void everyChartIsDrawn() {
    List<WebElement> charts = browser.findElements(By.cssSelector("[data-chart]"));
    assertThat(charts).extracting(chart -> chart.getAttribute("data-chart")).as("charts on the page")
        .containsExactlyInAnyOrder("heatmap", "trend-0", "cost-0", "trend-1", "cost-1", "failures", "bursts");
    for (WebElement chart : charts) {
      String name = chart.getAttribute("data-chart");
      assertThat(chart.getAttribute("data-rendered")).as("%s rendered", name).isEqualTo("true");
      Number shapes = (Number) script("return arguments[0].querySelectorAll('svg path, svg rect').length;", chart);
      assertThat(shapes.intValue()).as("shapes drawn in %s", name).isGreaterThan(10);
      Number width = (Number) script("return arguments[0].querySelector('svg').getBoundingClientRect().width;", chart);
      assertThat(width.doubleValue()).as("%s has a width", name).isGreaterThan(200);
    }
    Number heatCells = (Number) script("return document.querySelectorAll('#chart-heatmap svg path').length;");
    assertThat(heatCells.intValue()).as("heat map cells and axes").isGreaterThanOrEqualTo(5);
  }

  @Test
  void tablesHaveTheExpectedRows() {
    List<WebElement> routeTables = browser.findElements(By.cssSelector("section.country table.routes"));
    assertThat(routeTables).as("one route table per country").hasSize(2);
    assertThat(rows(routeTables.get(0))).as("DE routes").isEqualTo(2);
    assertThat(rows(routeTables.get(1))).as("GB routes").isEqualTo(3);
    assertThat(rows(browser.findElement(By.id("alerts-table")))).as("degradation alerts").isEqualTo(1);
    assertThat(rows(browser.findElement(By.id("cases-table")))).as("cases").isEqualTo(3);
    assertThat(rows(browser.findElement(By.id("bursts-table")))).as("bursts").isEqualTo(1);
    assertThat(routeTables.get(1).findElement(By.cssSelector("tbody tr")).getText()).as("GB's recommended route")
        .startsWith("1 gb-direct-1");
  }

  @Test
  void hostileIdsShowAsTextAndNeverRun() {
    assertThat(script("return typeof window.__pwned;")).as("no injected code ran").isEqualTo("undefined");
    assertThat(browser.findElements(By.cssSelector("main img, main script, main svg[onload]")))
        .as("no element made from an id").isEmpty();
    String routeCell = browser.findElement(By.cssSelector("#alerts-table tbody td:nth-child(2)")).getText();
    assertThat(routeCell).as("the route id, shown as text").isEqualTo(ReportFixture.HOSTILE_ROUTE);
    assertThat(browser.findElement(By.id("cases-table")).getText()).as("a reason, shown as text")
        .contains(ReportFixture.HOSTILE_REASON);
    assertThat(browser.getPageSource()).as("page source").doesNotContain("<script>window.__pwned");
  }

  @Test
  void keepsAScreenshotOfTheWholePage() throws IOException {
    Number height = (Number) script("return document.documentElement.scrollHeight;");
    browser.manage().window().setSize(new Dimension(1400, height.intValue()));
    Files.createDirectories(SCREENSHOTS);
    Path shot = SCREENSHOTS.resolve("route-quality.png");
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    assertThat(shot).as("screenshot").isNotEmptyFile();
  }

  private static int rows(WebElement table) {
    return table.findElements(By.cssSelector("tbody tr")).size();
  }

  private static Object script(String code, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(code, args);
  }
}
