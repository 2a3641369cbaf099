package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code window_features} table: one row per traffic window with requests — app × destination
 * range × hour ({@code grain = range}) and app × country × hour ({@code grain = country}) — with its
 * volume against a seasonal baseline and the shape of its traffic. Partition date: the window's day.
 */
public final class WindowFeaturesTable {
  public static final String NAME = "window_features";

  public static final String RANGE = "range";
  public static final String COUNTRY = "country";

  /** Model inputs of the pumping detector, in the order its vector assembler reads them. */
  public static final List<String> NUMERIC = List.of(
      "log_requests", "volume_ratio", "span_volume_ratio", "robust_z", "conversion", "report_share", "answered_share",
      "distinct_number_share", "sequential_score", "devices_per_request", "ips_per_request",
      "ip_country_differs_share", "country_volume_ratio");

  public static final StructType KEYS = new StructType()
      .add("window_id", StringType, false)
      .add("grain", StringType, false)
      .add("app_id", StringType)
      .add("phone_country", StringType)
      .add("phone_range", StringType)
      .add("window_start", TimestampType, false)
      .add("requests", LongType, false)
      .add("span_requests", LongType, false)
      .add("verified_requests", LongType, false)
      .add("distinct_numbers", LongType, false)
      .add("distinct_devices", LongType, false)
      .add("distinct_ips", LongType, false)
      .add("baseline_median", DoubleType, false)
      .add("baseline_mad", DoubleType, false)
      .add("baseline_periods", IntegerType, false);

  public static final StructType SCHEMA = FeaturesTable.withNumeric(KEYS, NUMERIC).add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  private WindowFeaturesTable() {}
}
