package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/**
 * The {@code quarantine} table: every input line that broke a rule, with its raw text. A restricted
 * area: raw lines hold clear phone numbers (docs/operations.md). Partitioned by the UTC date of the ingest run.
 */
public final class QuarantineTable {
  public static final String NAME = "quarantine";

  public static final StructType SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("source", StringType, false)
      .add("file", StringType, false)
      .add("line", LongType, false)
      .add("reason", StringType, false)
      .add("column", StringType)
      .add("detail", StringType)
      .add("raw", StringType)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private QuarantineTable() {}
}
