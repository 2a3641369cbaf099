package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code cdr} table: one row per flash-call leg, phone numbers pseudonymised. Documented column
 * by column in {@code docs/tables.md}.
 */
public final class CdrTable {
  public static final String NAME = "cdr";

  public static final StructType SCHEMA = new StructType()
      .add("call_id", StringType, false)
      .add("verification_id", StringType)
      .add("route_id", StringType, false)
      .add("cli_hash", StringType, false)
      .add("cli_country", StringType)
      .add("b_hash", StringType, false)
      .add("b_country", StringType)
      .add("b_type", StringType)
      .add("b_range", StringType)
      .add("start_time", TimestampType, false)
      .add("alert_time", TimestampType)
      .add("answer_time", TimestampType)
      .add("end_time", TimestampType, false)
      .add("sip_code", IntegerType, false)
      .add("q850_cause", IntegerType)
      .add("diversion_count", IntegerType)
      .add("connected_hash", StringType)
      .add("connected_differs", BooleanType)
      .add("stir_attestation", StringType)
      .add("cost", DataTypes.createDecimalType(18, 6))
      .add("answered", BooleanType, false)
      .add("alert_time_available", BooleanType, false)
      .add("source_format", StringType, false)
      .add("key_id", StringType, false)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private CdrTable() {}
}
