package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code routes} reference table (docs/input-formats.md), one snapshot per UTC day it was loaded: the
 * latest partition is the current list of routes.
 */
public final class RoutesTable {
  public static final String NAME = "routes";

  public static final StructType SCHEMA = new StructType()
      .add("route_id", StringType, false)
      .add("carrier", StringType)
      .add("route_type", StringType, false)
      .add("cost_per_call", DataTypes.createDecimalType(18, 6))
      .add("currency", StringType)
      .add("loaded_at", TimestampType, false)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private RoutesTable() {}
}
