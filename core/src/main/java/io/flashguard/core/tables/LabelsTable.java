package io.flashguard.core.tables;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code labels} table (docs/input-formats.md): every decision on a verification, partitioned by the UTC
 * date it was decided. Decisions accumulate; the current label of a verification is its decision
 * with the latest {@code decided_at} (ties: the label that sorts first).
 */
public final class LabelsTable {
  public static final String NAME = "labels";

  public static final List<String> LABELS = List.of("legit", "spoofed_cli", "forwarding_hijack", "pumping");
  public static final List<String> SOURCES = List.of("analyst", "simulated");

  public static final StructType SCHEMA = new StructType()
      .add("decision_id", StringType, false)
      .add("verification_id", StringType, false)
      .add("label", StringType, false)
      .add("source", StringType, false)
      .add("decided_at", TimestampType, false)
      .add(WarehouseTable.DATE, DateType, false);

  public static final WarehouseTable TABLE = new WarehouseTable(NAME, SCHEMA);

  /** The current label of every verification among {@code decisions}: its latest decision. */
  public static Dataset<Row> current(Dataset<Row> decisions) {
    return decisions
        .withColumn("_rank", row_number().over(Window.partitionBy("verification_id")
            .orderBy(col("decided_at").desc(), col("label"))))
        .where(col("_rank").equalTo(1))
        .drop("_rank");
  }

  private LabelsTable() {}
}
