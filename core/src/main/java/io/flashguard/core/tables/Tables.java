package io.flashguard.core.tables;

import io.flashguard.core.BadInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Every warehouse table by name. */
public final class Tables {
  private static final Map<String, WarehouseTable> TABLES = new LinkedHashMap<>();

  static {
    add(CdrTable.TABLE);
    add(VerificationEventsTable.TABLE);
    add(AttemptsTable.TABLE);
    add(QuarantineTable.TABLE);
    add(RouteMetricsTable.TABLE);
    add(AlertsTable.TABLE);
    add(RouteRecommendationsTable.TABLE);
    add(RoutesTable.TABLE);
    add(CliPoolTable.TABLE);
    add(LabelsTable.TABLE);
    add(FeaturesTable.TABLE);
    add(WindowFeaturesTable.TABLE);
    add(FlagsTable.TABLE);
  }

  private Tables() {}

  private static void add(WarehouseTable table) {
    TABLES.put(table.name(), table);
  }

  public static Set<String> names() {
    return TABLES.keySet();
  }

  /** The table called {@code name}; an {@link IllegalArgumentException} naming the known tables otherwise. */
  public static WarehouseTable named(String name) {
    WarehouseTable table = TABLES.get(name);
    if (table == null) {
      throw new BadInputException("unknown table '" + name + "'; the tables are " + names());
    }
    return table;
  }
}
