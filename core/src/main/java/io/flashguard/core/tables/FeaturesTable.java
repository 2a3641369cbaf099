package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code features} table: one row per verification with the facts the detectors read, all
 * numeric and never null (docs/tables.md says how each one is filled when its fact is unknown).
 * Partition date: the verification's attempt date.
 */
public final class FeaturesTable {
  public static final String NAME = "features";

  /** Model inputs, in the order the models' vector assembler reads them. */
  public static final List<String> NUMERIC = List.of(
      "reported", "report_count", "reported_before_alert", "report_on_unalerted_call", "report_lead_s",
      "exact_reports", "code_typo_reports", "different_reports", "unparseable_reports",
      "replayed_reports", "foreign_cli_reports", "pool_like_reports", "foreign_cli_abroad_reports",
      "foreign_cli_numbers", "other_clis_reported", "reported_own_cli",
      "cli_delivered", "cli_altered", "cli_missing",
      "report_intercepted", "report_manual", "report_device_differs",
      "ip_country_differs", "report_ip_country_differs",
      "platform_android", "platform_ios", "platform_web_or_other", "report_intercepted_off_android",
      "number_seen_before", "device_first_seen_for_number", "device_numbers",
      "device_changed_since_last_verified", "platform_changed_since_last_verified", "hours_since_last_verified",
      "diversion_count", "answered", "connected_differs",
      "completing_call_diverted", "completing_call_answered", "completing_call_connected_elsewhere",
      "call_count", "unalerted_calls", "verified",
      "route_altered_share", "route_answered_share", "route_altered_baseline", "connected_party_numbers");

  public static final StructType KEYS = new StructType()
      .add("verification_id", StringType, false)
      .add("app_id", StringType)
      .add("phone_country", StringType)
      .add("ip_country", StringType)
      .add("report_ip_country", StringType)
      .add("route_id", StringType)
      .add("range_window_id", StringType)
      .add("first_event_time", TimestampType, false)
      .add("final_status", StringType, false);

  public static final StructType SCHEMA = withNumeric(KEYS, NUMERIC).add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private FeaturesTable() {}

  static StructType withNumeric(StructType keys, List<String> numeric) {
    StructType schema = keys;
    for (String name : numeric) {
      schema = schema.add(name, DoubleType, false);
    }
    return schema;
  }
}
