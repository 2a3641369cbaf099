package io.flashguard.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The peer of the route-metrics stage: what a single-machine user would write instead, DuckDB SQL
 * over the same Parquet files of {@code cdr} and {@code attempts}, computing the same figures per
 * route × country × day and × hour (docs/metrics.md): leg outcomes, cost, verification success,
 * SMS fallback, CLI visibility, altered reports (of the attempts whose reports can have come from
 * the handset that rang, as flashguard counts them), each rate with its Wilson interval, and PDD and
 * time-to-verify medians and 95th percentiles (DuckDB's exact {@code quantile_disc}), written to
 * one Parquet file. Counts, not the minimum-calls statuses, are what the timing is about; the
 * statuses are a {@code CASE} each and are left out.
 */
final class RoutePeer {
  private static final String WILSON = """
      CASE WHEN %2$s > 0 THEN greatest(0, ((%1$s / %2$s) + 3.841459 / (2 * %2$s)
        %3$s 1.959964 * sqrt((%1$s / %2$s) * (1 - %1$s / %2$s) / %2$s + 3.841459 / (4 * %2$s * %2$s)))
        / (1 + 3.841459 / %2$s)) END""";

  private RoutePeer() {}

  /** Computes the metrics of the warehouse's tables with {@code threads} threads; returns seconds and rows. */
  static double[] run(Path warehouse, Path out, int threads) throws SQLException {
    String cdr = files(warehouse.resolve("cdr"));
    String attempts = files(warehouse.resolve("attempts"));
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = connection.createStatement()) {
      sql.execute("SET threads TO " + threads);
      sql.execute("SET preserve_insertion_order = false");
      long started = System.nanoTime();
      sql.execute("CREATE VIEW cdr AS SELECT * FROM read_parquet(" + cdr + ", hive_partitioning = true)");
      sql.execute("CREATE VIEW attempts AS SELECT * FROM read_parquet(" + attempts + ", hive_partitioning = true)");
      sql.execute("COPY (" + query() + ") TO '" + out + "' (FORMAT parquet, COMPRESSION zstd)");
      double seconds = (System.nanoTime() - started) / 1e9;
      try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM read_parquet('" + out + "')")) {
        rows.next();
        return new double[] {seconds, rows.getLong(1)};
      }
    }
  }

  private static String files(Path table) {
    List<String> files = DeltaFiles.live(table);
    return files.stream().map(file -> "'" + file.replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String query() {
    return """
        WITH legs AS (
          SELECT date, hour(start_time) AS hour, route_id, b_country AS country, start_time, alert_time,
            answered, sip_code, cost, alert_time_available
          FROM cdr),
        leg_counts AS (
          SELECT date, coalesce(hour, -1) AS hour, route_id, country,
            count(*) AS calls, count(alert_time) AS alerted, count_if(answered) AS answered,
            count_if(sip_code IN (404, 484)) AS bad_number, count_if(sip_code IN (408, 480)) AS unreachable,
            count_if(sip_code IN (486, 600, 603)) AS busy_rejected,
            count_if(sip_code BETWEEN 500 AND 599) AS route_failure,
            sum(cost) AS total_cost, count(cost) AS costed_legs,
            min(alert_time_available::int) AS alert_time_available,
            count(alert_time) AS pdd_samples,
            quantile_disc(epoch_ms(alert_time) - epoch_ms(start_time), 0.5) AS pdd_p50_ms,
            quantile_disc(epoch_ms(alert_time) - epoch_ms(start_time), 0.95) AS pdd_p95_ms
          FROM legs GROUP BY GROUPING SETS ((date, hour, route_id, country), (date, route_id, country))),
        routed AS (
          SELECT date, hour(coalesce(requested_time, first_event_time)) AS hour, route_id,
            phone_country AS country, requested_time IS NOT NULL AS requested, verified, fell_back_to_sms,
            device_platform = 'android' AND alerted AS visibility_trial, cli_match, time_to_verify_ms
          FROM attempts WHERE route_id IS NOT NULL),
        attempt_counts AS (
          SELECT date, coalesce(hour, -1) AS hour, route_id, country,
            count_if(requested) AS requested, count_if(requested AND verified) AS verified,
            count_if(requested AND fell_back_to_sms) AS fell_back,
            count_if(visibility_trial) AS visibility_trials,
            count_if(visibility_trial AND cli_match = 'exact') AS visible,
            count(time_to_verify_ms) AS time_to_verify_samples,
            quantile_disc(time_to_verify_ms, 0.5) AS time_to_verify_p50_ms,
            quantile_disc(time_to_verify_ms, 0.95) AS time_to_verify_p95_ms
          FROM routed GROUP BY GROUPING SETS ((date, hour, route_id, country), (date, route_id, country))),
        calls AS (
          SELECT date, hour(coalesce(requested_time, first_event_time)) AS hour, phone_country AS country,
            unnest(calls) AS call
          FROM attempts
          WHERE NOT (coalesce(reported_before_alert, false)
            OR coalesce(len(list_filter(calls, lambda c: c.reports > 0 AND c.alerted = false)) > 0, false)
            OR coalesce(lower(coalesce(report_source, '')) = 'intercepted' AND device_platform IS NOT NULL
              AND lower(device_platform) <> 'android'
              AND coalesce(report_device_id, device_id) IS NOT DISTINCT FROM device_id, false)
            OR coalesce(report_count > 0 AND report_device_id IS NOT NULL AND device_id IS NOT NULL
              AND report_device_id <> device_id, false))),
        report_counts AS (
          SELECT date, coalesce(hour, -1) AS hour, call.route_id AS route_id, country,
            sum(call.reports - call.unparseable_reports) AS readable_reports,
            sum(call.different_reports) AS altered_reports
          FROM calls GROUP BY GROUPING SETS ((date, hour, call.route_id, country), (date, call.route_id, country))),
        joined AS (
          SELECT * FROM leg_counts
          FULL OUTER JOIN attempt_counts USING (date, hour, route_id, country)
          FULL OUTER JOIN report_counts USING (date, hour, route_id, country))
        SELECT date, nullif(hour, -1) AS hour, route_id, country, calls, requested, verified,
          %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
          pdd_samples, pdd_p50_ms, pdd_p95_ms,
          time_to_verify_samples, time_to_verify_p50_ms, time_to_verify_p95_ms,
          total_cost, CASE WHEN verified > 0 THEN total_cost / verified END AS cost_per_verified
        FROM joined
        """.formatted(rate("alert_rate", "alerted", "calls"), rate("answer_rate", "answered", "calls"),
        rate("fail_bad_number_rate", "bad_number", "calls"), rate("fail_unreachable_rate", "unreachable", "calls"),
        rate("fail_busy_rejected_rate", "busy_rejected", "calls"), rate("fail_route_rate", "route_failure", "calls"),
        rate("cli_visibility", "visible", "visibility_trials"),
        rate("cli_altered_rate", "altered_reports", "readable_reports"),
        rate("verification_success", "verified", "requested"), rate("sms_fallback_rate", "fell_back", "requested"));
  }

  private static String rate(String name, String successes, String trials) {
    String s = "coalesce(" + successes + ", 0)::double";
    String n = "coalesce(" + trials + ", 0)::double";
    return String.join(",\n  ",
        s + " AS " + name + "_num", n + " AS " + name + "_den",
        "CASE WHEN " + n + " > 0 THEN " + s + " / " + n + " END AS " + name,
        WILSON.formatted(s, n, "-") + " AS " + name + "_lo",
        "least(1, " + WILSON.formatted(s, n, "+").replace("greatest(0, ", "(") + ") AS " + name + "_hi");
  }
}
