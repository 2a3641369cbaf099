package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/**
 * The {@code cli_pool} reference table (docs/input-formats.md): the number ranges the platform dials from, one
 * snapshot per UTC day it was loaded. Prefixes are the operator's own ranges, not subscribers'
 * numbers, and are kept in clear.
 */
public final class CliPoolTable {
  public static final String NAME = "cli_pool";

  public static final StructType SCHEMA = new StructType()
      .add("pool_key", StringType, false)
      .add("cli_prefix", StringType, false)
      .add("country", StringType)
      .add("route_id", StringType)
      .add("valid_from", DateType)
      .add("valid_to", DateType)
      .add("loaded_at", TimestampType, false)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private CliPoolTable() {}
}
