package io.flashguard.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.flashguard.core.tables.AlertsTable;
import io.flashguard.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alert webhook against a real HTTP server on 127.0.0.1. */
class AlertWebhookTest extends SparkTestBase {
  private static final String SECRET_PATH = "/services/T000/B000/secret-token";

  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void postsASlackCompatibleSummaryOfTheDaysAlerts() throws IOException {
    boolean posted = new AlertWebhook(uri(server.getAddress().getPort()), log).notify(ReportFixture.DAY, result());

    assertThat(posted).as("posted").isTrue();
    assertThat(bodies).as("requests received").hasSize(1);
    assertThat(contentTypes.get(0)).as("content type").startsWith("application/json");
    JsonNode body = new ObjectMapper().readTree(bodies.get(0));
    String text = body.get("text").asText();
    assertThat(text).as("summary line").startsWith("flashguard 2026-11-20: 1 route degradation alert(s), 1 burst alert(s) "
        + "(2 critical, 0 major, 0 minor); 3 fraud case(s).");
    assertThat(text).as("Slack's control characters escaped").contains("gb-&lt;script&gt;").doesNotContain("<script>");
    assertThat(text).as("where the report is").contains("Report: /reports/2026-11-20/route-quality.html");
    assertThat(body.get("alerts")).as("alerts as fields").hasSize(2);
    assertThat(body.get("alerts").get(0).get("severity").asText()).as("severity").isEqualTo("critical");
    assertThat(body.get("date").asText()).as("date").isEqualTo("2026-11-20");
    assertThat(body.get("fraud_cases").asLong()).as("cases").isEqualTo(3);
    assertThat(logged.toString(StandardCharsets.UTF_8)).as("nothing logged on success").isEmpty();
  }

  @Test
  void aRefusedPostIsReportedWithoutTheSecretAndDoesNotThrow() {
    status = 500;
    boolean posted = new AlertWebhook(uri(server.getAddress().getPort()), log).notify(ReportFixture.DAY, result());

    assertThat(posted).as("posted").isFalse();
    assertThat(logged.toString(StandardCharsets.UTF_8)).as("the one line logged").contains("answered HTTP 500").contains("the run goes on")
        .contains("127.0.0.1").doesNotContain("secret-token");
  }

  @Test
  void anUnreachableReceiverIsReportedAndDoesNotThrow() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    boolean posted = new AlertWebhook(uri(closedPort), log).notify(ReportFixture.DAY, result());

    assertThat(posted).as("posted").isFalse();
    assertThat(logged.toString(StandardCharsets.UTF_8)).as("the one line logged").contains("could not post the alerts")
        .contains("the run goes on").doesNotContain("secret-token");
  }

  private static URI uri(int port) {
    return URI.create("http://127.0.0.1:" + port + SECRET_PATH);
  }

  private ReportJob.Result result() {
    Date day = Date.valueOf(ReportFixture.DAY);
    List<Row> alerts = frame(AlertsTable.SCHEMA, List.of(
        row("alert_type", AlertsTable.ROUTE_DEGRADATION, "subject", "route " + ReportFixture.HOSTILE_ROUTE + " to GB",
            "metric", "cli_visibility", "severity", "critical",
            "detail", "cli_visibility of route " + ReportFixture.HOSTILE_ROUTE + " to GB fell to 40.0%", "date", day),
        row("alert_type", AlertsTable.BURST, "subject", "range/app/x/2026-11-20T22", "metric", "requests",
            "severity", "critical", "detail", "burst: 120× the usual requests", "date", day)))
        .collectAsList();
    return new ReportJob.Result("/reports/2026-11-20/route-quality.html", "/reports/2026-11-20/fraud-cases.csv", 3,
        alerts);
  }
}
