package io.flashguard.core.warehouse;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;

/**
 * Rows a stage reads several times, kept on the executors without the plan that computed them.
 *
 * <p>A persisted frame keeps its lineage, and every task that reads it deserializes that lineage:
 * the whole query plan with its Delta table scans. On small days that was most of a task's time
 * (71 ms of deserializing against 4 ms of work per task in training). A local checkpoint computes
 * the rows once, keeps them in memory (spilling to disk) and starts a new, short lineage; it is not
 * written to reliable storage, so a lost executor recomputes nothing and fails the job instead,
 * which a batch stage on one machine can afford.
 *
 * <p>{@code Dataset.unpersist()} does not free a checkpoint's blocks (it only drops cached plans);
 * {@link #release} does.
 */
public final class LocalCheckpoint {
  private LocalCheckpoint() {}

  /** Computes {@code rows} now and returns them with a fresh lineage. */
  public static Dataset<Row> of(Dataset<Row> rows) {
    return rows.localCheckpoint();
  }

  /** Frees the blocks of a frame {@link #of} returned; anything else is left alone. */
  public static void release(Dataset<Row> checkpointed) {
    if (checkpointed instanceof org.apache.spark.sql.classic.Dataset<Row> classic
        && classic.logicalPlan() instanceof LogicalRDD rdd) {
      rdd.rdd().unpersist(false);
    }
  }
}
