package io.flashguard.jobs.report;

import io.flashguard.core.tables.AlertsTable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Posts a compact JSON summary of a day's alerts to a webhook: a Slack-compatible {@code text}
 * (incoming webhooks show it as the message) and the alerts as fields for other receivers. A
 * failure to post is reported on {@code log} and never fails the run: the report and the
 * {@code alerts} table are the record, the notification is a courtesy. The webhook's address is
 * never printed in full, since its path is often its secret.
 */
public final class AlertWebhook {
  static final int MAX_LISTED = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI uri;
  private final PrintStream log;

  public AlertWebhook(URI uri, PrintStream log) {
    this.uri = uri;
    this.log = log;
  }

  /** Posts the summary of {@code day}; returns true when the receiver answered 2xx. */
  public boolean notify(LocalDate day, ReportJob.Result report) {
    String body = Html.json(payload(day, report));
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        log.printf("flashguard: the alert webhook at %s answered HTTP %d; the run goes on%n", where(), response.statusCode());
        return false;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      log.printf("flashguard: could not post the alerts to the webhook at %s (%s); the run goes on%n", where(),
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.printf("flashguard: interrupted while posting to the webhook at %s; the run goes on%n", where());
      return false;
    }
  }

  /** The JSON document posted for {@code day}. */
  static Map<String, Object> payload(LocalDate day, ReportJob.Result report) {
    List<Map<String, Object>> alerts = new ArrayList<>();
    Map<String, Integer> bySeverity = new LinkedHashMap<>(Map.of("critical", 0, "major", 0, "minor", 0));
    int degradations = 0;
    for (Row alert : report.alerts()) {
      bySeverity.merge(alert.getAs("severity"), 1, Integer::sum);
      if (AlertsTable.ROUTE_DEGRADATION.equals(alert.getAs("alert_type"))) {
        degradations++;
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("alert_type", alert.getAs("alert_type"));
      item.put("severity", alert.getAs("severity"));
      item.put("subject", alert.getAs("subject"));
      item.put("metric", alert.getAs("metric"));
      item.put("detail", alert.getAs("detail"));
      alerts.add(item);
    }
    int bursts = report.alerts().size() - degradations;
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "flashguard %s: %d route degradation alert(s), %d burst alert(s) (%d critical, %d major, %d minor); %,d fraud case(s).",
        day, degradations, bursts, bySeverity.get("critical"), bySeverity.get("major"), bySeverity.get("minor"),
        report.cases()));
    alerts.stream().limit(MAX_LISTED).forEach(alert -> text.append("\n• [").append(alert.get("severity")).append("] ")
        .append(alert.get("detail")));
    if (alerts.size() > MAX_LISTED) {
      text.append("\n… ").append(alerts.size() - MAX_LISTED).append(" more in the report.");
    }
    text.append("\nReport: ").append(report.html());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("text", slackEscaped(text.toString()));
    payload.put("date", day.toString());
    payload.put("fraud_cases", report.cases());
    payload.put("report", report.html());
    payload.put("alerts", alerts);
    return payload;
  }

  /** Slack reads {@code <…>} as links and mentions and {@code &} as an entity start: the three are escaped. */
  static String slackEscaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private String where() {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
  }
}
