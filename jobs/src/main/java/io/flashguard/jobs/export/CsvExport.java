package io.flashguard.jobs.export;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.to_json;

import io.flashguard.core.tables.Tables;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.core.warehouse.Warehouse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Exports a warehouse table (one date, or all) to one CSV file with a header. Rows stream to the
 * driver partition by partition ({@code toLocalIterator}), so the export never holds the table in
 * memory. Timestamps are ISO-8601 UTC, nested values JSON, and text cells that a spreadsheet would
 * run as a formula are prefixed with a quote.
 */
public final class CsvExport {
  private final SparkSession spark;
  private final Warehouse warehouse;

  public CsvExport(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Writes {@code table} (only {@code date} when not null) to {@code out}; returns the rows written. */
  public long export(String table, LocalDate date, String out) {
    WarehouseTable contract = Tables.named(table);
    StructType schema = contract.schema();
    return JobGroup.run(spark, "export-" + table, "flashguard export " + table + " date=" + date, () -> {
      Dataset<Row> rows = date == null
          ? warehouse.read(spark, contract)
          : warehouse.read(spark, contract, date, date);
      Dataset<Row> flat = rows.select(flatColumns(schema)).orderBy(sortColumns(schema));
      return write(flat, out);
    });
  }

  private long write(Dataset<Row> rows, String out) {
    Path path = new Path(out);
    String[] header = rows.columns();
    boolean[] text = new boolean[header.length];
    for (int i = 0; i < header.length; i++) {
      text[i] = rows.schema().fields()[i].dataType().equals(DataTypes.StringType);
    }
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long count = 0;
      try (Writer writer = new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8);
           CSVPrinter printer = new CSVPrinter(writer,
               CSVFormat.RFC4180.builder().setHeader(header).setRecordSeparator('\n').get())) {
        Iterator<Row> iterator = rows.toLocalIterator();
        List<Object> cells = new ArrayList<>(header.length);
        while (iterator.hasNext()) {
          Row row = iterator.next();
          cells.clear();
          for (int i = 0; i < header.length; i++) {
            Object value = row.get(i);
            cells.add(text[i] && value != null ? SpreadsheetSafe.cell((String) value) : value);
          }
          printer.printRecord(cells);
          count++;
        }
      }
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export to " + out, e);
    }
  }

  private static Column[] flatColumns(StructType schema) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      Column column = col(field.name());
      if (field.dataType() instanceof StructType || field.dataType() instanceof ArrayType
          || field.dataType() instanceof MapType) {
        column = to_json(column);
      } else if (field.dataType().equals(DataTypes.TimestampType)) {
        column = date_format(column, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
      } else if (field.dataType().equals(DataTypes.DateType)) {
        column = date_format(column, "yyyy-MM-dd");
      }
      columns.add(column.as(field.name()));
    }
    return columns.toArray(new Column[0]);
  }

  private static Column[] sortColumns(StructType schema) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(WarehouseTable.DATE));
    for (StructField field : schema.fields()) {
      if (!field.name().equals(WarehouseTable.DATE) && !(field.dataType() instanceof ArrayType)
          && !(field.dataType() instanceof StructType) && !(field.dataType() instanceof MapType)) {
        columns.add(col(field.name()));
      }
    }
    return columns.toArray(new Column[0]);
  }
}
