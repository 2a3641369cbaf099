package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code flags} table (docs/tables.md): one row per fraud type for every verification or window that
 * was flagged or came near it (score at least half its threshold), with the reasons an analyst reads.
 */
public final class FlagsTable {
  public static final String NAME = "flags";

  public static final StructType SCHEMA = new StructType()
      .add("verification_id", StringType)
      .add("window_id", StringType)
      .add("fraud_type", StringType, false)
      .add("score", DoubleType, false)
      .add("rule_score", DoubleType, false)
      .add("model_score", DoubleType)
      .add("threshold", DoubleType, false)
      .add("flagged", BooleanType, false)
      .add("reasons", DataTypes.createArrayType(StringType), false)
      .add("model_name", StringType)
      .add("model_version", StringType)
      .add("app_id", StringType)
      .add("phone_country", StringType)
      .add("route_id", StringType)
      .add("event_time", TimestampType, false)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private FlagsTable() {}
}
