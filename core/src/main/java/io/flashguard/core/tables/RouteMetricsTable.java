package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code route_metrics} table (docs/metrics.md): per route × destination country × day, and × hour (rows
 * with {@code hour} null are the whole day). Every rate {@code r} has six columns: {@code r_num},
 * {@code r_den}, {@code r} (null unless {@code r_status = 'ok'}), {@code r_lo}, {@code r_hi} (its
 * Wilson 95% interval) and {@code r_status} ({@code ok}, {@code insufficient} below
 * {@code --min-calls}, {@code not_available} when the input cannot carry it).
 */
public final class RouteMetricsTable {
  public static final String NAME = "route_metrics";

  public static final String STATUS_OK = "ok";
  public static final String STATUS_INSUFFICIENT = "insufficient";
  public static final String STATUS_NOT_AVAILABLE = "not_available";

  /** The rate metrics, in column order. */
  public static final List<String> RATES = List.of(
      "alert_rate",
      "answer_rate",
      "fail_bad_number_rate",
      "fail_unreachable_rate",
      "fail_busy_rejected_rate",
      "fail_route_rate",
      "cli_visibility",
      "cli_altered_rate",
      "verification_success",
      "sms_fallback_rate");

  /** The latency metrics (milliseconds, nearest-rank percentiles) with the sample count each. */
  public static final List<String> LATENCIES = List.of("pdd", "time_to_verify");

  public static final StructType SCHEMA = schema();

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private static StructType schema() {
    StructType schema = new StructType()
        .add("hour", IntegerType)
        .add("route_id", StringType, false)
        .add("country", StringType)
        .add("calls", LongType, false)
        .add("requested", LongType, false)
        .add("verified", LongType, false)
        .add("alert_time_available", BooleanType, false);
    for (String rate : RATES) {
      schema = schema
          .add(rate + "_num", LongType, false)
          .add(rate + "_den", LongType, false)
          .add(rate, DoubleType)
          .add(rate + "_lo", DoubleType)
          .add(rate + "_hi", DoubleType)
          .add(rate + "_status", StringType, false);
    }
    for (String latency : LATENCIES) {
      schema = schema
          .add(latency + "_samples", LongType, false)
          .add(latency + "_p50_ms", LongType)
          .add(latency + "_p95_ms", LongType)
          .add(latency + "_status", StringType, false);
    }
    return schema
        .add("total_cost", DataTypes.createDecimalType(28, 6))
        .add("cost_per_verified", DoubleType)
        .add("cost_status", StringType, false)
        .add(WarehouseTable.DATE, DateType, false);
  }

  private RouteMetricsTable() {}
}
