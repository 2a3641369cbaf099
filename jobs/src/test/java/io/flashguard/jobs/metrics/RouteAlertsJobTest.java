package io.flashguard.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.testing.SparkTestBase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Eight hand-made days of daily route metrics to GB. r1: CLI visibility 90 of 100 every day, then 50
 * of 100 on the last day; 80 of 100 verified per day at 0.004 per call. r2: visibility 90 of 100,
 * then 88 of 100; 90 of 100 verified at 0.01 per call. r3: 2 requests a day.
 */
class RouteAlertsJobTest extends SparkTestBase {
  private static final LocalDate DAY = LocalDate.parse("2026-11-09");

  @Test
  void aDropBeyondBothIntervalsRaisesACriticalAlert() {
    List<Row> alerts = RouteAlertsJob.alerts(daily(), DAY, DAY, 30).collectAsList();
    assertThat(alerts).as("only r1's visibility").hasSize(1);
    Row alert = alerts.get(0);
    assertThat(alert.<String>getAs("route_id")).as("route").isEqualTo("r1");
    assertThat(alert.<String>getAs("metric")).as("metric").isEqualTo("cli_visibility");
    assertThat(alert.<Double>getAs("value")).as("today 50/100").isEqualTo(0.5);
    assertThat(alert.<Double>getAs("baseline")).as("630/700 over seven days").isCloseTo(0.9, within(1e-12));
    assertThat(alert.<Integer>getAs("baseline_days")).as("baseline days").isEqualTo(7);
    assertThat(alert.<String>getAs("severity")).as("40 points down").isEqualTo("critical");
    assertThat(alert.<String>getAs("detail")).as("readable")
        .contains("cli_visibility of route r1 to GB fell to 50.0%").contains("from 90.0%");
  }

  @Test
  void aDropInsideTheIntervalsRaisesNothing() {
    // r2: 88/100 today (Wilson upper 0.93) overlaps the baseline 630/700 (Wilson lower 0.876)
    assertThat(RouteAlertsJob.alerts(daily(), DAY, DAY, 30).collectAsList())
        .as("no alert for r2").noneMatch(row -> row.getAs("route_id").equals("r2"));
  }

  @Test
  void routesAreOrderedByExpectedCostPerVerified() {
    List<Row> order = RouteAlertsJob.recommendations(daily(), DAY, DAY, 30, 0.03).orderBy("rank").collectAsList();
    assertThat(order).extracting(row -> row.<String>getAs("route_id")).as("order").containsExactly("r1", "r2", "r3");
    // r1: 0.004 / 0.8 + 0.2 × 0.03 = 0.011; r2: 0.01 / 0.9 + 0.1 × 0.03 = 0.014111…
    assertThat(order.get(0).<Double>getAs("expected_cost_per_verified")).as("r1").isCloseTo(0.011, within(1e-12));
    assertThat(order.get(1).<Double>getAs("expected_cost_per_verified")).as("r2")
        .isCloseTo(0.01 / 0.9 + 0.003, within(1e-12));
    assertThat(order.get(2).<String>getAs("status")).as("r3: 14 requests in 7 days").isEqualTo("insufficient");
    assertThat(order.get(2).<Double>getAs("expected_cost_per_verified")).as("no number").isNull();
  }

  private Dataset<Row> daily() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int back = 7; back >= 0; back--) {
      LocalDate day = DAY.minusDays(back);
      rows.add(day(day, "r1", back == 0 ? 50 : 90, 100, 80, "0.4"));
      rows.add(day(day, "r2", back == 0 ? 88 : 90, 100, 90, "1.0"));
      rows.add(day(day, "r3", 1, 2, 1, "0.01"));
    }
    return frame(RouteMetricsTable.SCHEMA, rows);
  }

  private static Map<String, Object> day(LocalDate day, String route, long visible, long requested, long verified,
      String cost) {
    Map<String, Object> row = RouteMetricsRows.blank(day, "GB", route, RouteMetricsTable.STATUS_INSUFFICIENT);
    row.put("calls", requested);
    row.put("requested", requested);
    row.put("verified", verified);
    row.put("cli_visibility_num", visible);
    row.put("cli_visibility_den", requested);
    row.put("cli_visibility_status", requested >= 30 ? RouteMetricsTable.STATUS_OK : RouteMetricsTable.STATUS_INSUFFICIENT);
    row.put("verification_success_num", verified);
    row.put("verification_success_den", requested);
    row.put("verification_success_status", requested >= 30 ? RouteMetricsTable.STATUS_OK : RouteMetricsTable.STATUS_INSUFFICIENT);
    row.put("total_cost", new BigDecimal(cost));
    return row;
  }
}
