package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code attempts} table: one row per verification with its calls and reports assembled,
 * partitioned by the UTC date of the verification's first event. Documented column by column in
 * {@code docs/tables.md}.
 */
public final class AttemptsTable {
  public static final String NAME = "attempts";

  /** {@code cli_outcome} values: what became of the CLI of the verification's last call. */
  public static final String DELIVERED = "delivered";
  public static final String ALTERED = "altered";
  public static final String MISSING = "missing";
  public static final String NOT_APPLICABLE = "not_applicable";
  public static final List<String> CLI_OUTCOMES = List.of(DELIVERED, ALTERED, MISSING, NOT_APPLICABLE);

  /** {@code cli_match} values: how a report compares with the CLI dialed on its call. */
  public static final String MATCH_EXACT = "exact";
  public static final String MATCH_CODE_TYPO = "code_typo";
  /** One typo away from the CLI dialed outside the code digits: a digit changed, left out or added, two swapped. */
  public static final String MATCH_TYPO = "typo";
  public static final String MATCH_DIFFERENT = "different";
  public static final String MATCH_UNPARSEABLE = "unparseable";
  public static final String MATCH_NONE = "none";

  /** One call of the verification, with what its reports said of it; calls sort by placed_time. */
  public static final StructType CALL = new StructType()
      .add("placed_time", TimestampType)
      .add("call_id", StringType)
      .add("route_id", StringType)
      .add("code_length", IntegerType)
      .add("cdr_found", BooleanType)
      .add("sip_code", IntegerType)
      .add("alerted", BooleanType)
      .add("answered", BooleanType)
      .add("pdd_ms", LongType)
      .add("diversion_count", IntegerType)
      .add("connected_differs", BooleanType)
      .add("reports", IntegerType)
      .add("exact_reports", IntegerType)
      .add("code_typo_reports", IntegerType)
      .add("different_reports", IntegerType)
      .add("unparseable_reports", IntegerType)
      .add("reports_before_alert", IntegerType)
      .add("first_report_time", TimestampType)
      .add("cost", DataTypes.createDecimalType(18, 6))
      // last, so that a table written before it gains it at the end of each call (Delta merges by name)
      .add("typo_reports", IntegerType);

  public static final StructType SCHEMA = new StructType()
      .add("verification_id", StringType, false)
      .add("app_id", StringType)
      .add("phone_hash", StringType)
      .add("phone_country", StringType)
      .add("phone_type", StringType)
      .add("phone_range", StringType)
      .add("phone_block", StringType)
      .add("method", StringType)
      .add("requested_time", TimestampType)
      .add("first_event_time", TimestampType, false)
      .add("device_id", StringType)
      .add("device_platform", StringType)
      .add("ip", StringType)
      .add("ip_country", StringType)
      .add("call_count", IntegerType, false)
      .add("first_route_id", StringType)
      .add("route_id", StringType)
      .add("call_id", StringType)
      .add("call_placed_time", TimestampType)
      .add("code_length", IntegerType)
      .add("cdr_found", BooleanType)
      .add("sip_code", IntegerType)
      .add("alerted", BooleanType)
      .add("answered", BooleanType)
      .add("pdd_ms", LongType)
      .add("diversion_count", IntegerType)
      .add("connected_differs", BooleanType)
      .add("call_cost", DataTypes.createDecimalType(28, 6))
      .add("report_count", IntegerType, false)
      .add("first_report_time", TimestampType)
      .add("report_source", StringType)
      .add("report_device_id", StringType)
      .add("report_ip_country", StringType)
      .add("report_delay_ms", LongType)
      .add("reported_before_alert", BooleanType)
      .add("cli_match", StringType, false)
      .add("cli_outcome", StringType, false)
      .add("verified", BooleanType, false)
      .add("fell_back_to_sms", BooleanType, false)
      .add("final_status", StringType, false)
      .add("final_time", TimestampType)
      .add("time_to_verify_ms", LongType)
      .add("failure_reason", StringType)
      .add("calls", DataTypes.createArrayType(CALL), false)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private AttemptsTable() {}
}
