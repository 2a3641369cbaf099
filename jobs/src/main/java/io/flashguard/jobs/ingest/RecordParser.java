package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.WarehouseTable;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/** Turns the fields of one input line into one row of a warehouse table, or rejects the line. */
interface RecordParser extends Serializable {
  /** The table the rows are for. */
  WarehouseTable table();

  /** The id that makes a row unique; duplicates of it are removed. */
  String keyColumn();

  /** The timestamp column whose UTC date is the row's partition. */
  String partitionTimeColumn();

  /** Columns a file must have in its header. */
  List<String> requiredColumns();

  /** All columns the parser reads; any other header column is counted as unknown and ignored. */
  List<String> knownColumns();

  /** File name endings this format is read from (before an optional .gz). */
  List<String> extensions();

  /** The layout of {@code file}, given its first line (null for an empty file). */
  LineLayout layout(String file, String firstLine);

  /** Fills {@code row} from {@code fields}; timestamps go in as epoch microseconds. */
  void parse(LineFields fields, StagedRow row) throws Rejection;
}
