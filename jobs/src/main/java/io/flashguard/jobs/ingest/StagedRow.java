package io.flashguard.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_date;

import io.flashguard.core.tables.WarehouseTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One parsed line on its way to a table: the table's columns (timestamps as epoch microseconds, no
 * partition column) followed by where the line came from and, if it was rejected, why. Accepted
 * and rejected lines share this shape so one pass over a file yields both.
 */
final class StagedRow {
  static final String FILE = "_file";
  static final String LINE = "_line";
  static final String RAW = "_raw";
  static final String REASON = "_reason";
  static final String COLUMN = "_column";
  static final String DETAIL = "_detail";

  private final Map<String, Integer> positions;
  private final Object[] values;
  private final int tableWidth;

  StagedRow(StructType stagingSchema) {
    this.positions = new HashMap<>();
    String[] names = stagingSchema.fieldNames();
    for (int i = 0; i < names.length; i++) {
      positions.put(names[i], i);
    }
    this.values = new Object[names.length];
    this.tableWidth = names.length - 6;
  }

  /** The staging schema of a table: its columns less the partition, then the line's origin. */
  static StructType schemaFor(StructType table) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : table.fields()) {
      if (field.name().equals(WarehouseTable.DATE)) {
        continue;
      }
      boolean timestamp = field.dataType().equals(DataTypes.TimestampType);
      fields.add(DataTypes.createStructField(
          field.name(), timestamp ? DataTypes.LongType : field.dataType(), true));
    }
    return new StructType(fields.toArray(new StructField[0]))
        .add(FILE, DataTypes.StringType, false)
        .add(LINE, DataTypes.LongType, false)
        .add(RAW, DataTypes.StringType)
        .add(REASON, DataTypes.StringType)
        .add(COLUMN, DataTypes.StringType)
        .add(DETAIL, DataTypes.StringType);
  }

  /** The table's columns from staged rows: timestamps restored, partition date derived. */
  static List<Column> tableColumns(StructType table, String partitionTimeColumn) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : table.fields()) {
      if (field.name().equals(WarehouseTable.DATE)) {
        columns.add(partitionDate(partitionTimeColumn));
      } else if (field.dataType().equals(DataTypes.TimestampType)) {
        columns.add(timestamp_micros(col(field.name())).as(field.name()));
      } else {
        columns.add(col(field.name()));
      }
    }
    return columns;
  }

  /** The partition date of a staged row (null for a rejected line). */
  static Column partitionDate(String partitionTimeColumn) {
    return to_date(timestamp_micros(col(partitionTimeColumn))).as(WarehouseTable.DATE);
  }

  /** The table's columns followed by the line's file and number. */
  static Dataset<Row> withTableColumns(Dataset<Row> staged, StructType table, String partitionTimeColumn) {
    List<Column> columns = tableColumns(table, partitionTimeColumn);
    columns.add(col(FILE));
    columns.add(col(LINE));
    return staged.select(columns.toArray(new Column[0]));
  }

  void clear() {
    Arrays.fill(values, null);
  }

  void put(String column, Object value) {
    Integer position = positions.get(column);
    if (position == null || position >= tableWidth) {
      throw new IllegalArgumentException("no table column " + column);
    }
    values[position] = value;
  }

  /** An accepted line: its raw text is not kept, only quarantined lines need it. */
  Row accepted(String file, long line) {
    return finish(file, line, null, null, null, null);
  }

  Row rejected(String file, long line, String raw, Rejection rejection) {
    clear();
    return finish(file, line, raw, rejection.reason().name(), rejection.column(), rejection.getMessage());
  }

  private Row finish(String file, long line, String raw, String reason, String column, String detail) {
    values[tableWidth] = file;
    values[tableWidth + 1] = line;
    values[tableWidth + 2] = raw;
    values[tableWidth + 3] = reason;
    values[tableWidth + 4] = column;
    values[tableWidth + 5] = detail;
    Row row = RowFactory.create(values.clone());
    clear();
    return row;
  }
}
