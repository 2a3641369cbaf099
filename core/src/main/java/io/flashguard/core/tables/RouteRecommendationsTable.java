package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/**
 * The {@code route_recommendations} table (docs/metrics.md): per destination country and day, its routes in
 * the recommended order, by expected cost per verified verification (docs/metrics.md).
 */
public final class RouteRecommendationsTable {
  public static final String NAME = "route_recommendations";

  public static final StructType SCHEMA = new StructType()
      .add("country", StringType)
      .add("rank", IntegerType, false)
      .add("route_id", StringType, false)
      .add("cost_per_call", DoubleType)
      .add("success_probability", DoubleType)
      .add("requested", LongType, false)
      .add("sms_cost", DoubleType, false)
      .add("expected_cost_per_verified", DoubleType)
      .add("status", StringType, false)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private RouteRecommendationsTable() {}
}
