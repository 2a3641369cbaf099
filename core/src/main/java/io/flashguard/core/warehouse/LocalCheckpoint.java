package io.flashguard.core.warehouse;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

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

  /**
   * {@code rows} kept on local disk, computed by the first job that reads them and read from there
   * with a fresh lineage after: for rows too many for memory that several jobs read.
   *
   * <p>On disk only: with Spark's default (memory and disk, deserialized), a task that reads a block
   * that went to disk unrolls it back into memory and holds that memory until it has read it; at 10
   * million verifications a day the other task then could not get memory for its aggregation. Kept as
   * Spark's binary rows, which cost less to write than the batches of its columnar cache (a {@code
   * persist}) and no more to read back (docs/benchmarks.md, "ingest's parsed lines kept as rows").
   */
  public static Dataset<Row> onDisk(Dataset<Row> rows) {
    return rows.localCheckpoint(false, StorageLevel.DISK_ONLY());
  }

  /**
   * Frees the blocks of a frame {@link #of} or {@link #onDisk} returned, and returns once they are
   * freed; anything else is left alone. Waiting matters at the end of a command: freed in the
   * background, the 13 GB an ingest of 10 million verifications keeps were still being deleted when
   * the command stopped Spark, whose pool then refused the deletions with a stack trace each.
   */
  public static void release(Dataset<Row> checkpointed) {
    if (checkpointed instanceof org.apache.spark.sql.classic.Dataset<Row> classic
        && classic.logicalPlan() instanceof LogicalRDD rdd) {
      rdd.rdd().unpersist(true);
    }
  }
}
