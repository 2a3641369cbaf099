package io.flashguard.core.tables;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/** Every warehouse table by name, with its declared schema. */
public final class Tables {
  private static final Map<String, StructType> SCHEMAS = new LinkedHashMap<>();

  static {
    SCHEMAS.put(CdrTable.NAME, CdrTable.SCHEMA);
    SCHEMAS.put(VerificationEventsTable.NAME, VerificationEventsTable.SCHEMA);
    SCHEMAS.put(AttemptsTable.NAME, AttemptsTable.SCHEMA);
    SCHEMAS.put(QuarantineTable.NAME, QuarantineTable.SCHEMA);
    SCHEMAS.put(RouteMetricsTable.NAME, RouteMetricsTable.SCHEMA);
    SCHEMAS.put(AlertsTable.NAME, AlertsTable.SCHEMA);
    SCHEMAS.put(RouteRecommendationsTable.NAME, RouteRecommendationsTable.SCHEMA);
    SCHEMAS.put(RoutesTable.NAME, RoutesTable.SCHEMA);
    SCHEMAS.put(CliPoolTable.NAME, CliPoolTable.SCHEMA);
    SCHEMAS.put(LabelsTable.NAME, LabelsTable.SCHEMA);
    SCHEMAS.put(FeaturesTable.NAME, FeaturesTable.SCHEMA);
    SCHEMAS.put(WindowFeaturesTable.NAME, WindowFeaturesTable.SCHEMA);
    SCHEMAS.put(FlagsTable.NAME, FlagsTable.SCHEMA);
  }

  private Tables() {}

  public static Set<String> names() {
    return SCHEMAS.keySet();
  }

  /** The schema of {@code table}; an {@link IllegalArgumentException} naming the known tables otherwise. */
  public static StructType schema(String table) {
    StructType schema = SCHEMAS.get(table);
    if (schema == null) {
      throw new IllegalArgumentException("unknown table '" + table + "'; the tables are " + names());
    }
    return schema;
  }
}
