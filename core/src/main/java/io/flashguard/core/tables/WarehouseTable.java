package io.flashguard.core.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A warehouse table's contract: its name and schema, partitioned by the UTC date in column
 * {@value #DATE}, which every table carries (docs/tables.md). Each table class declares one, for
 * example {@code AttemptsTable.TABLE}; the warehouse reads and writes through it.
 */
public record WarehouseTable(String name, StructType schema) {
  /** The partition column every table carries. */
  public static final String DATE = "date";

  public WarehouseTable {
    Objects.requireNonNull(name, "name");
    if (!Arrays.asList(schema.fieldNames()).contains(DATE)) {
      throw new IllegalArgumentException("table " + name + " has no partition column " + DATE);
    }
  }

  /** {@code rows} with exactly this table's columns, in its order and types. */
  public Dataset<Row> conform(Dataset<Row> rows) {
    return rows.select(Arrays.stream(schema.fields())
        .map(field -> col(field.name()).cast(field.dataType()).as(field.name()))
        .toArray(Column[]::new));
  }

  /**
   * Stored rows of this table, conformed ({@link #conform}): a column declared since the table was
   * last written (a feature a newer flashguard added, before its first publish adds it) reads null,
   * and so does a field declared since then inside a column's structs (a count added to each of
   * {@code attempts.calls}, say).
   */
  public Dataset<Row> conformStored(Dataset<Row> stored) {
    StructType held = stored.schema();
    Dataset<Row> rows = stored;
    for (StructField field : schema.fields()) {
      if (!Arrays.asList(held.fieldNames()).contains(field.name())) {
        rows = rows.withColumn(field.name(), lit(null).cast(field.dataType()));
      } else {
        DataType storedType = held.apply(field.name()).dataType();
        if (!storedType.catalogString().equals(field.dataType().catalogString())) {
          rows = rows.withColumn(field.name(), withDeclaredFields(col(field.name()), storedType, field.dataType()));
        }
      }
    }
    return conform(rows);
  }

  /**
   * {@code value}, stored as {@code stored}, with every struct field {@code declared} has, in its
   * order: a field the stored structs lack is null. Other differences are left to {@link #conform}'s cast.
   */
  private static Column withDeclaredFields(Column value, DataType stored, DataType declared) {
    if (stored instanceof ArrayType storedArray && declared instanceof ArrayType declaredArray) {
      return transform(value,
          element -> withDeclaredFields(element, storedArray.elementType(), declaredArray.elementType()));
    }
    if (stored instanceof StructType storedStruct && declared instanceof StructType declaredStruct) {
      List<String> held = Arrays.asList(storedStruct.fieldNames());
      Column[] fields = Arrays.stream(declaredStruct.fields())
          .map(field -> (held.contains(field.name())
              ? withDeclaredFields(value.getField(field.name()), storedStruct.apply(field.name()).dataType(),
                  field.dataType())
              : lit(null).cast(field.dataType())).as(field.name()))
          .toArray(Column[]::new);
      return when(value.isNull(), lit(null)).otherwise(struct(fields));
    }
    return value;
  }

  /** Every date from {@code from} to {@code to}, both inclusive. */
  public static List<LocalDate> days(LocalDate from, LocalDate to) {
    return from.datesUntil(to.plusDays(1)).toList();
  }

  /** A filter keeping the given dates. */
  public static Column dateIn(Collection<LocalDate> dates) {
    return col(DATE).isin(dates.stream().map(java.sql.Date::valueOf).toArray());
  }

  /** A filter on the partition column. */
  public static Column dateBetween(LocalDate from, LocalDate to) {
    return col(DATE).between(lit(java.sql.Date.valueOf(from)), lit(java.sql.Date.valueOf(to)));
  }
}
