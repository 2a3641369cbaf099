package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code verification_events} table: the platform's event log, one row per distinct event,
 * phone numbers and CLIs pseudonymised. Documented column by column in {@code docs/tables.md}.
 */
public final class VerificationEventsTable {
  public static final String NAME = "verification_events";

  /** The event types of docs/input-formats.md. */
  public static final List<String> EVENT_TYPES = List.of(
      "REQUESTED", "CALL_PLACED", "CLI_REPORTED", "VERIFIED", "FAILED", "EXPIRED", "FALLBACK_SMS");

  /** Code lengths whose CLI stems are kept for reported CLIs: element i is length i + 3. */
  public static final int MIN_CODE_LENGTH = 3;
  public static final int MAX_CODE_LENGTH = 6;

  public static final StructType SCHEMA = new StructType()
      .add("event_id", StringType, false)
      .add("event_time", TimestampType, false)
      .add("verification_id", StringType, false)
      .add("event_type", StringType, false)
      .add("app_id", StringType, false)
      .add("phone_hash", StringType, false)
      .add("phone_country", StringType)
      .add("phone_type", StringType)
      .add("phone_range", StringType)
      .add("phone_block", StringType)
      .add("method", StringType)
      .add("route_id", StringType)
      .add("call_id", StringType)
      .add("expected_cli_hash", StringType)
      .add("expected_cli_stem_hash", StringType)
      .add("expected_cli_country", StringType)
      .add("expected_cli_typo_keys", DataTypes.createArrayType(IntegerType))
      .add("expected_cli_digits_keys", DataTypes.createArrayType(IntegerType))
      .add("code_length", IntegerType)
      .add("reported_cli_hash", StringType)
      .add("reported_cli_stem_hashes", DataTypes.createArrayType(StringType))
      .add("reported_cli_typo_keys", DataTypes.createArrayType(IntegerType))
      .add("reported_cli_digits_key", IntegerType)
      .add("reported_cli_valid", BooleanType)
      .add("reported_cli_country", StringType)
      .add("report_source", StringType)
      .add("device_id", StringType)
      .add("device_platform", StringType)
      .add("ip", StringType)
      .add("ip_country", StringType)
      .add("failure_reason", StringType)
      .add("key_id", StringType, false)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private VerificationEventsTable() {}
}
