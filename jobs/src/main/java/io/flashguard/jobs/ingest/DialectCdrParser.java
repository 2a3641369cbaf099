package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.WarehouseTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * A switch's own CDR export (docs/input-formats.md): positional fields mapped onto the canonical columns, then
 * validated and pseudonymised by the canonical parser, so every rule holds the same for every
 * format. Rejections name the dialect's own column.
 */
abstract class DialectCdrParser implements RecordParser {
  private static final long serialVersionUID = 1L;

  private final CanonicalCdrParser canonical;
  private final Map<String, Integer> canonicalPositions;

  DialectCdrParser(Pseudonymizer pseudonymizer) {
    this.canonical = new CanonicalCdrParser(pseudonymizer);
    this.canonicalPositions = new HashMap<>();
    List<String> columns = canonical.knownColumns();
    for (int i = 0; i < columns.size(); i++) {
      canonicalPositions.put(columns.get(i), i);
    }
  }

  /** The dialect's name, stored in {@code cdr.source_format}. */
  abstract String format();

  /** Fills {@code canonical} (by canonical column) from the dialect's fields. */
  abstract void map(LineFields dialect, Map<String, String> canonical) throws Rejection;

  /** The dialect column a canonical column comes from, for rejection messages. */
  abstract String sourceColumn(String canonicalColumn);

  @Override
  public final WarehouseTable table() {
    return CdrTable.TABLE;
  }

  @Override
  public final String keyColumn() {
    return canonical.keyColumn();
  }

  @Override
  public final String partitionTimeColumn() {
    return canonical.partitionTimeColumn();
  }

  @Override
  public final List<String> requiredColumns() {
    return List.of();
  }

  @Override
  public final List<String> extensions() {
    return List.of(".csv");
  }

  @Override
  public final void parse(LineFields fields, StagedRow row) throws Rejection {
    Map<String, String> mapped = new HashMap<>();
    map(fields, mapped);
    String[] values = new String[canonicalPositions.size()];
    java.util.Arrays.fill(values, "");
    mapped.forEach((column, value) -> values[canonicalPositions.get(column)] = value == null ? "" : value);
    try {
      canonical.parse(fields.over(canonicalPositions, values), row);
    } catch (Rejection rejection) {
      String column = rejection.column() == null ? null : sourceColumn(rejection.column());
      throw new Rejection(rejection.reason(), column, rejection.getMessage());
    }
    row.put("alert_time_available", alertTimeAvailable());
    row.put("source_format", format());
  }

  /** Whether the dialect carries the time of the first 180/183. */
  boolean alertTimeAvailable() {
    return false;
  }
}
