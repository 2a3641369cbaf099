package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/**
 * The {@code alerts} table (docs/tables.md, docs/metrics.md): one row per alert of a day. Route degradation compares a
 * route × country's day with its own trailing baseline (docs/metrics.md).
 */
public final class AlertsTable {
  public static final String NAME = "alerts";

  public static final String ROUTE_DEGRADATION = "route_degradation";
  public static final String BURST = "burst";

  public static final StructType SCHEMA = new StructType()
      .add("alert_type", StringType, false)
      .add("subject", StringType, false)
      .add("route_id", StringType)
      .add("country", StringType)
      .add("metric", StringType, false)
      .add("value", DoubleType)
      .add("value_lo", DoubleType)
      .add("value_hi", DoubleType)
      .add("trials", LongType)
      .add("baseline", DoubleType)
      .add("baseline_lo", DoubleType)
      .add("baseline_hi", DoubleType)
      .add("baseline_trials", LongType)
      .add("baseline_days", IntegerType)
      .add("severity", StringType, false)
      .add("detail", StringType, false)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private AlertsTable() {}
}
