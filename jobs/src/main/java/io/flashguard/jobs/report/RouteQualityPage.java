package io.flashguard.jobs.report;

import static io.flashguard.jobs.report.Html.text;

import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.jobs.metrics.RouteAlertsJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Renders a {@link DayReport} as one self-contained HTML page: styles, script, chart data and the
 * charting library inline, nothing fetched. Every value from the warehouse is escaped by
 * {@link Html#text}; chart data is embedded by {@link Html#json}.
 */
final class RouteQualityPage {
  static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  private static final Map<String, String> METRIC_NAMES = Map.of(
      "alert_rate", "alert rate", "answer_rate", "answer rate", "cli_visibility", "CLI visibility",
      "cli_altered_rate", "CLI altered", "verification_success", "verification success",
      "fail_route_rate", "route failures (5xx)", "requests", "requests");
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private static final int CHART_HEIGHT = 320;
  private static final int SHOWN_REASONS = 3;
  private static final int SHOWN_BURSTS = 50;

  private final DayReport report;
  private final Instant generated;
  private final StringBuilder out = new StringBuilder(1 << 16);
  private final Map<String, Map<String, Object>> charts = new LinkedHashMap<>();
  private final Set<String> alerted = new HashSet<>();

  RouteQualityPage(DayReport report, Instant generated) {
    this.report = report;
    this.generated = generated;
    for (Row alert : report.degradations()) {
      alerted.add(alertKey(alert.getAs("country"), alert.getAs("route_id"), alert.getAs("metric")));
    }
  }

  String render() {
    List<String> countries = report.routes().stream().map(Charts::country).distinct().toList();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>flashguard — route quality and fraud, ").append(report.day()).append("</title>\n<style>\n")
        .append(resource("flashguard/report/report.css")).append("</style>\n</head>\n<body>\n");
    header(countries);
    alerts();
    overview();
    for (int i = 0; i < countries.size(); i++) {
      country(i, countries.get(i));
    }
    failures();
    fraud();
    footer();
    for (Map.Entry<String, Map<String, Object>> chart : charts.entrySet()) {
      out.append("<script type=\"application/json\" id=\"data-").append(chart.getKey()).append("\">")
          .append(Html.json(chart.getValue())).append("</script>\n");
    }
    out.append("<script>\n").append(resource(ECHARTS)).append("\n</script>\n<script>\n")
        .append(resource("flashguard/report/report.js")).append("</script>\n</body>\n</html>\n");
    return out.toString();
  }

  private void header(List<String> countries) {
    long calls = sum("calls");
    long requested = sum("requested");
    long verified = sum("verified");
    out.append("<header>\n<h1>Route quality and fraud <span class=\"day\">").append(report.day()).append("</span></h1>\n")
        .append("<p class=\"meta\">flashguard daily report · UTC day ").append(report.day()).append(" · generated ")
        .append(MINUTE.format(generated)).append("</p>\n<nav><a href=\"#alerts\">Alerts</a> <a href=\"#overview\">Overview</a> ");
    for (int i = 0; i < countries.size(); i++) {
      out.append("<a href=\"#country-").append(i).append("\">").append(text(countries.get(i))).append("</a> ");
    }
    out.append("<a href=\"#failures\">Failure classes</a> <a href=\"#fraud\">Fraud</a></nav>\n<div class=\"tiles\">\n");
    tile("destination countries", Numbers.count(countries.size()));
    tile("route × country pairs", Numbers.count(report.routes().size()));
    tile("flash calls", Numbers.count(calls));
    tile("verifications requested", Numbers.count(requested));
    tile("verified by flash call", requested == 0 ? "–" : Numbers.percent((double) verified / requested));
    tile("degradation alerts", Numbers.count(report.degradations().size()));
    tile("fraud cases", Numbers.count(report.cases()));
    out.append("</div>\n</header>\n<main>\n");
  }

  private void tile(String label, String value) {
    out.append("<div class=\"tile\"><span class=\"tile-value\">").append(text(value))
        .append("</span><span class=\"tile-label\">").append(text(label)).append("</span></div>\n");
  }

  private void alerts() {
    List<Row> degradations = report.degradations();
    out.append("<section id=\"alerts\">\n<h2>Degradation alerts</h2>\n<p class=\"note\">Each route × country today against its own previous ")
        .append(RouteAlertsJob.BASELINE_DAYS).append(" days pooled; an alert fires only when the two 95% Wilson intervals do not overlap in the bad direction.</p>\n");
    if (degradations.isEmpty()) {
      out.append("<p class=\"empty\">No route degraded against its baseline today.</p>\n");
    } else {
      Map<String, Long> burstsByCountry = new LinkedHashMap<>();
      report.bursts().forEach(b -> burstsByCountry.merge(Objects.toString(b.getAs("country"), "unknown"), 1L, Long::sum));
      out.append("<div class=\"table-wrap\"><table id=\"alerts-table\">\n<thead><tr><th>severity</th><th>route</th>")
          .append("<th>country</th><th>metric</th><th class=\"num\">today</th><th class=\"num\">baseline</th>")
          .append("<th class=\"num\">change</th><th>context</th></tr></thead>\n<tbody>\n");
      for (Row alert : degradations) {
        double value = alert.getAs("value");
        double baseline = alert.getAs("baseline");
        String country = Objects.toString(alert.getAs("country"), "unknown");
        long bursts = burstsByCountry.getOrDefault(country, 0L);
        out.append("<tr><td>").append(severity(alert.getAs("severity"))).append("</td><td>")
            .append(text(alert.getAs("route_id"))).append("</td><td>").append(text(country)).append("</td><td>")
            .append(text(METRIC_NAMES.getOrDefault(alert.<String>getAs("metric"), alert.getAs("metric"))))
            .append("</td><td class=\"num\">").append(ratio(value, alert.getAs("value_lo"), alert.getAs("value_hi"),
                Numbers.count(alert.<Long>getAs("trials")) + " trials"))
            .append("</td><td class=\"num\">").append(ratio(baseline, alert.getAs("baseline_lo"), alert.getAs("baseline_hi"),
                Numbers.count(alert.<Long>getAs("baseline_trials")) + " trials, " + alert.getAs("baseline_days") + " day(s)"))
            .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%+.1f pp", 100 * (value - baseline)))
            .append("</td><td>").append(bursts == 0 ? "" : text(bursts + " burst window(s) detected in this country today; see Fraud"))
            .append("</td></tr>\n");
      }
      out.append("</tbody></table></div>\n");
    }
    out.append("</section>\n");
  }

  private void overview() {
    out.append("<section id=\"overview\">\n<h2>CLI visibility by destination country and route</h2>\n")
        .append("<p class=\"note\">Share of Android verifications whose call alerted and whose handset reported exactly the dialed CLI. Grey cells (n = count): too few such verifications for a rate (below the metrics' --min-calls); no cell: no traffic on that route to that country.</p>\n");
    if (report.routes().isEmpty()) {
      out.append("<p class=\"empty\">No route metrics for ").append(report.day())
          .append(". Run <code>flashguard metrics --date ").append(report.day()).append("</code> first.</p>\n");
    } else {
      long countries = report.routes().stream().map(Charts::country).distinct().count();
      chart("heatmap", Charts.visibilityHeatMap(report.routes()), null, (int) (170 + 40 * countries));
    }
    out.append("</section>\n");
  }

  private void country(int index, String country) {
    List<Row> routes = report.routes().stream().filter(row -> Charts.country(row).equals(country)).toList();
    out.append("<section class=\"country\" id=\"country-").append(index).append("\">\n<h2>")
        .append(text(country)).append(" <span class=\"sub\">").append(routes.size()).append(" route(s), ")
        .append(Numbers.count(routes.stream().mapToLong(r -> r.<Long>getAs("calls")).sum())).append(" calls</span></h2>\n")
        .append("<p class=\"note\">Ranked by expected cost per verified verification (cost per call ÷ success probability + SMS fallback cost × failure probability, pooled over ")
        .append(RouteAlertsJob.BASELINE_DAYS).append(" days). Rates with their 95% Wilson interval; hover for counts.</p>\n")
        .append("<div class=\"table-wrap\"><table class=\"routes\">\n<thead><tr><th class=\"num\">rank</th><th>route</th>")
        .append("<th class=\"num\">expected cost / verified</th><th class=\"num\">calls</th><th class=\"num\">alert rate</th>")
        .append("<th class=\"num\">answer rate</th><th class=\"num\">CLI visibility</th><th class=\"num\">CLI altered</th>")
        .append("<th class=\"num\">verification success</th><th class=\"num\">PDD p50 / p95</th>")
        .append("<th class=\"num\">time to verify p50 / p95</th><th class=\"num\">cost / verified</th></tr></thead>\n<tbody>\n");
    for (Row row : routes) {
      String currency = row.getAs("currency");
      boolean recommended = row.getAs("rank") != null && row.<Integer>getAs("rank") == 1
          && RouteMetricsTable.STATUS_OK.equals(row.getAs("recommendation_status"));
      out.append("<tr").append(recommended ? " class=\"recommended\"" : "").append("><td class=\"num\">")
          .append(row.getAs("rank") == null ? "–" : text(row.getAs("rank"))).append("</td><td><span class=\"route\">")
          .append(text(row.getAs("route_id"))).append("</span>");
      if (row.getAs("carrier") != null || row.getAs("route_type") != null) {
        out.append("<span class=\"carrier\">").append(text(Objects.toString(row.getAs("carrier"), "")))
            .append(row.getAs("route_type") == null ? "" : " · " + text(row.getAs("route_type"))).append("</span>");
      }
      out.append("</td><td class=\"num\">").append(expectedCost(row, currency)).append("</td><td class=\"num\">")
          .append(Numbers.count(row.<Long>getAs("calls"))).append("</td>");
      for (String rate : List.of("alert_rate", "answer_rate", "cli_visibility", "cli_altered_rate", "verification_success")) {
        rateCell(row, rate);
      }
      latencyCell(row, "pdd");
      latencyCell(row, "time_to_verify");
      out.append("<td class=\"num\">").append(RouteMetricsTable.STATUS_OK.equals(row.getAs("cost_status"))
          ? text(Numbers.money(row.getAs("cost_per_verified"), currency))
          : "<span class=\"na\">" + text(status(row.getAs("cost_status"))) + "</span>").append("</td></tr>\n");
    }
    out.append("</tbody></table></div>\n<div class=\"charts\">\n");
    chart("trend-" + index, Charts.visibilityTrend(report.trend(), country.equals("unknown") ? null : country),
        "CLI visibility per route, last " + DayReport.TREND_DAYS + " days (days with data)", CHART_HEIGHT);
    List<String> routeIds = report.trend().stream().filter(row -> Charts.country(row).equals(country))
        .map(row -> row.<String>getAs("route_id")).distinct().toList();
    List<String> currencies = routes.stream().map(row -> row.<String>getAs("currency")).filter(Objects::nonNull)
        .distinct().toList();
    chart("cost-" + index, Charts.successAgainstCost(routes, routeIds, currencies.size() == 1 ? currencies.get(0) : null),
        "Verification success against cost per verified (size: calls)", CHART_HEIGHT);
    out.append("</div>\n</section>\n");
  }

  private void failures() {
    out.append("<section id=\"failures\">\n<h2>Failure classes per route</h2>\n<p class=\"note\">Share of flash calls per SIP failure class.</p>\n");
    if (!report.routes().isEmpty()) {
      chart("failures", Charts.failureClasses(report.routes()), null, 100 + 26 * report.routes().size());
    }
    out.append("</section>\n");
  }

  private void fraud() {
    out.append("<section id=\"fraud\">\n<h2>Fraud</h2>\n<div class=\"tiles\">\n");
    if (report.fraudCounts().isEmpty()) {
      tile("flagged today", "0");
    }
    for (Row count : report.fraudCounts()) { // by fraud type
      long windows = count.getAs("windows");
      String label = count.<String>getAs("fraud_type").replace('_', ' ');
      tile(label + ": flagged verifications", Numbers.count(count.<Long>getAs("verifications")));
      if (windows > 0) {
        tile(label + ": burst windows", Numbers.count(windows));
      }
    }
    out.append("</div>\n<h3>Top cases</h3>\n<p class=\"note\">The ").append(report.topCases().size()).append(" highest-scoring of ")
        .append(Numbers.count(report.cases())).append(" cases; all of them, ranked, are in <code>fraud-cases.csv</code> beside this file. ")
        .append("A burst window is one case; the verifications it passed its flag to are counted in it.</p>\n");
    if (report.topCases().isEmpty()) {
      out.append("<p class=\"empty\">No verification or window was flagged today.</p>\n");
    } else {
      out.append("<div class=\"table-wrap\"><table id=\"cases-table\">\n<thead><tr><th class=\"num\">rank</th>")
          .append("<th class=\"num\">score / threshold</th><th>fraud type</th><th>case</th><th>app</th><th>country</th>")
          .append("<th>route</th><th>time (UTC)</th><th>reasons</th></tr></thead>\n<tbody>\n");
      for (FraudCase c : report.topCases()) {
        String others = String.join(", ", c.otherFraudTypes());
        out.append("<tr><td class=\"num\">").append(c.rank()).append("</td><td class=\"num\">")
            .append(Numbers.score(c.score())).append(" / ").append(Numbers.score(c.threshold())).append("</td><td>")
            .append(text(c.fraudType().replace('_', ' ')))
            .append(others.isEmpty() ? "" : "<span class=\"carrier\">also " + text(others.replace('_', ' ')) + "</span>")
            .append("</td><td><span class=\"case-type\">").append(text(c.caseType())).append("</span> <code>")
            .append(text(c.caseId())).append("</code>")
            .append(c.isWindow() ? "<span class=\"carrier\">" + Numbers.count(c.verifications())
                + " verification(s)</span>" : "")
            .append("</td><td>").append(text(c.appId())).append("</td><td>").append(text(c.country()))
            .append("</td><td>").append(text(c.routeId())).append("</td><td>").append(text(c.eventTimeUtc()))
            .append("</td><td>");
        reasons(c.reasons());
        out.append("</td></tr>\n");
      }
      out.append("</tbody></table></div>\n");
    }
    out.append("<h3>Detected bursts</h3>\n");
    if (report.bursts().isEmpty()) {
      out.append("<p class=\"empty\">No burst detected today.</p>\n");
    } else {
      chart("bursts", Charts.burstTimeline(report.bursts()), "Requests of the burst windows per hour and app",
          CHART_HEIGHT);
      out.append("<div class=\"table-wrap\"><table id=\"bursts-table\">\n<thead><tr><th>severity</th><th>window (UTC)</th>")
          .append("<th>app</th><th>country</th><th class=\"num\">requests</th><th class=\"num\">usual</th><th>why</th></tr></thead>\n<tbody>\n");
      for (Row burst : report.bursts().stream().limit(SHOWN_BURSTS).toList()) {
        Timestamp start = burst.getAs("window_start");
        out.append("<tr><td>").append(severity(burst.getAs("severity"))).append("</td><td>")
            .append(start == null ? text(burst.getAs("subject")) : MINUTE.format(start.toInstant())).append("</td><td>")
            .append(text(burst.getAs("app_id"))).append("</td><td>").append(text(burst.getAs("country")))
            .append("</td><td class=\"num\">").append(Numbers.count(Math.round(burst.<Double>getAs("requests"))))
            .append("</td><td class=\"num\">").append(burst.getAs("baseline") == null ? "–"
                : String.format(Locale.ROOT, "%,.1f", burst.<Double>getAs("baseline")))
            .append("</td><td>").append(text(burst.getAs("detail"))).append("</td></tr>\n");
      }
      out.append("</tbody></table></div>\n");
      if (report.bursts().size() > SHOWN_BURSTS) {
        out.append("<p class=\"note\">The ").append(SHOWN_BURSTS).append(" most severe and largest of ")
            .append(Numbers.count(report.bursts().size())).append(" bursts (all of them are in the chart); the rest are in ")
            .append("the alerts table: <code>flashguard export --table alerts --date ").append(report.day())
            .append("</code>.</p>\n");
      }
    }
    out.append("</section>\n");
  }

  /** The first reasons of a case, and the rest folded (unfolded when printed). */
  private void reasons(List<String> reasons) {
    out.append("<ul class=\"reasons\">");
    reasons.stream().limit(SHOWN_REASONS).forEach(reason -> out.append("<li>").append(text(reason)).append("</li>"));
    out.append("</ul>");
    if (reasons.size() > SHOWN_REASONS) {
      out.append("<details><summary>").append(reasons.size() - SHOWN_REASONS).append(" more reason(s)</summary><ul class=\"reasons\">");
      reasons.stream().skip(SHOWN_REASONS).forEach(reason -> out.append("<li>").append(text(reason)).append("</li>"));
      out.append("</ul></details>");
    }
  }

  private void footer() {
    out.append("</main>\n<footer>\n<p>How to read this report: a rate is shown with its 95% Wilson score interval; below the minimum count ")
        .append("(--min-calls of flashguard metrics) it is <em>insufficient</em> rather than a number, and <em>n/a</em> when the CDR format does not carry it. ")
        .append("CLI visibility counts Android verifications whose call alerted; CLI altered, the reports a handset that rang can have sent (not a spoofer's). ")
        .append("Latencies are nearest-rank percentiles. ")
        .append("Phone numbers never appear here: numbers and ranges are pseudonymised at ingest. Metric definitions: docs/metrics.md; fraud detection: docs/detection.md.</p>\n</footer>\n");
  }

  /** Appends a chart's container; its option goes into the page's data scripts. */
  private void chart(String id, Map<String, Object> option, String title, int height) {
    charts.put(id, option);
    out.append("<figure class=\"chart-box\">");
    if (title != null) {
      out.append("<figcaption>").append(text(title)).append("</figcaption>");
    }
    out.append("<div class=\"chart\" id=\"chart-").append(id).append("\" data-chart=\"").append(id)
        .append("\" style=\"height:").append(height).append("px\"></div></figure>\n");
  }

  private void rateCell(Row row, String rate) {
    String status = row.getAs(rate + "_status");
    String counts = Numbers.count(row.<Long>getAs(rate + "_num")) + " of " + Numbers.count(row.<Long>getAs(rate + "_den"));
    boolean flagged = alerted.contains(alertKey(row.getAs("country"), row.getAs("route_id"), rate));
    out.append("<td class=\"num rate").append(flagged ? " alerted" : "").append("\" title=\"").append(text(counts)).append("\">");
    if (RouteMetricsTable.STATUS_OK.equals(status)) {
      out.append(flagged ? "<span class=\"warn\" title=\"degradation alert\">▼ </span>" : "")
          .append(Numbers.percent(row.getAs(rate))).append("<span class=\"ci\">")
          .append(Numbers.interval(row.getAs(rate + "_lo"), row.getAs(rate + "_hi"))).append("</span>");
    } else {
      out.append("<span class=\"na\">").append(text(status(status))).append("</span><span class=\"ci\">n = ")
          .append(Numbers.count(row.<Long>getAs(rate + "_den"))).append("</span>");
    }
    out.append("</td>");
  }

  private void latencyCell(Row row, String latency) {
    String status = row.getAs(latency + "_status");
    out.append("<td class=\"num\" title=\"").append(Numbers.count(row.<Long>getAs(latency + "_samples"))).append(" samples\">");
    if (RouteMetricsTable.STATUS_OK.equals(status)) {
      out.append(Numbers.duration(row.getAs(latency + "_p50_ms"))).append(" / ")
          .append(Numbers.duration(row.getAs(latency + "_p95_ms")));
    } else {
      out.append("<span class=\"na\">").append(text(status(status))).append("</span><span class=\"ci\">n = ")
          .append(Numbers.count(row.<Long>getAs(latency + "_samples"))).append("</span>");
    }
    out.append("</td>");
  }

  private String expectedCost(Row row, String currency) {
    if (row.getAs("recommendation_status") == null) {
      return "<span class=\"na\">not ranked</span>";
    }
    if (!RouteMetricsTable.STATUS_OK.equals(row.getAs("recommendation_status"))) {
      return "<span class=\"na\">insufficient</span>";
    }
    return "<strong>" + text(Numbers.money(row.getAs("expected_cost_per_verified"), currency)) + "</strong>";
  }

  private static String ratio(double value, Double lo, Double hi, String counts) {
    return Numbers.percent(value) + (lo == null || hi == null ? "" : "<span class=\"ci\">" + Numbers.interval(lo, hi) + "</span>")
        + "<span class=\"ci\">" + text(counts) + "</span>";
  }

  private static String severity(String severity) {
    return "<span class=\"severity " + text(severity) + "\">" + text(severity) + "</span>";
  }

  private static String status(String status) {
    return RouteMetricsTable.STATUS_NOT_AVAILABLE.equals(status) ? "n/a" : status.replace('_', ' ');
  }

  private static String alertKey(Object country, Object route, Object metric) {
    return country + "\u0000" + route + "\u0000" + metric;
  }

  private long sum(String column) {
    return report.routes().stream().mapToLong(row -> row.<Long>getAs(column)).sum();
  }

  static String resource(String name) {
    try (InputStream in = RouteQualityPage.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the report resource " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
