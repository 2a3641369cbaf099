package io.flashguard.core.warehouse;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.jdk.javaapi.CollectionConverters;

/**
 * How many partitions a stage's shuffles get, from the size of what it reads: the session's own
 * number ({@code spark.sql.shuffle.partitions}), or more when the stage reads more than that many
 * times 64 MB of stored files ({@value #BYTES_PER_PARTITION_SETTING} sets the 64 MB, in bytes). The
 * setting is raised while the stage runs and put back after it, so other queries of the session
 * running at the same time would get it too; flashguard's stages run one after another.
 *
 * <p>A local session plans every shuffle at 8 partitions, which suits a small day, where more would
 * run near-empty tasks. At 10 million verifications a day (about 4 GB of events and legs as Parquet)
 * the attempts' last stage then read some 1.5 GB of shuffled rows per task and spilled 38 GB, 15 GB
 * of it written to disk; with 64 partitions nothing spilled. On one machine whose page cache held
 * those files that took no measurable time (docs/benchmarks.md, "shuffle partitions by size"); what
 * it removes is the disk written and memory per task that grew with the day. The session's number is
 * a floor, never lowered: a cluster's 200, or what the user set, stays when it is larger.
 */
public final class ShufflePartitions {
  static final String SETTING = "spark.sql.shuffle.partitions";
  /** Stored input bytes per shuffle partition; rows take several times their Parquet size once read and shuffled. */
  public static final String BYTES_PER_PARTITION_SETTING = "spark.flashguard.shuffle.inputBytesPerPartition";
  static final long DEFAULT_BYTES_PER_PARTITION = 64L << 20;
  /** The most partitions chosen from the input's size; a larger setting of the session's own stays. */
  static final int MAX_PARTITIONS = 2000;

  private ShufflePartitions() {}

  /**
   * Runs {@code stage} with the shuffle partitions that {@code inputs} call for, then puts the
   * session's setting back. The inputs' size is Spark's estimate from the files their plans read
   * (for a Delta table, the files of the dates selected), which costs a file listing, no scan.
   */
  public static <T> T sizedBy(SparkSession spark, Supplier<T> stage, Dataset<?>... inputs) {
    String configured = spark.conf().get(SETTING);
    long perPartition = Long.parseLong(spark.conf().get(BYTES_PER_PARTITION_SETTING,
        Long.toString(DEFAULT_BYTES_PER_PARTITION)));
    int partitions = forBytes(inputBytes(inputs), perPartition, Integer.parseInt(configured));
    if (partitions == Integer.parseInt(configured)) {
      return stage.get();
    }
    spark.conf().set(SETTING, Integer.toString(partitions));
    try {
      return stage.get();
    } finally {
      spark.conf().set(SETTING, configured);
    }
  }

  /** The partitions for {@code inputBytes} of stored input, never fewer than {@code configured}. */
  static int forBytes(long inputBytes, long perPartition, int configured) {
    if (perPartition <= 0) {
      throw new IllegalArgumentException(BYTES_PER_PARTITION_SETTING + " must be positive, not " + perPartition);
    }
    long bySize = inputBytes / perPartition + (inputBytes % perPartition == 0 ? 0 : 1);
    return (int) Math.max(configured, Math.min(bySize, MAX_PARTITIONS));
  }

  /**
   * The stored bytes the inputs' plans read: the sizes Spark gives the file relations among the leaves
   * of their optimized plans (for a Delta table, the files of the dates selected), each relation once
   * however many times the plans scan it. A relation is known by its root and its size (two selections
   * of one table with the very same bytes count once: fewer partitions, the safe side). Asking a scan
   * for its files instead may make Delta list them again, as its prepared list answers only for the
   * scan's own filters. Not the plans' own estimates, which multiply the sizes of a join's sides; nor
   * rows already in memory or checkpointed, which Spark sizes by the plan that made them.
   */
  public static long inputBytes(Dataset<?>... inputs) {
    Set<List<Object>> relations = new HashSet<>();
    long sum = 0;
    for (Dataset<?> input : inputs) {
      for (LogicalPlan leaf : CollectionConverters.asJava(input.queryExecution().optimizedPlan().collectLeaves())) {
        if (leaf instanceof LogicalRelation scan && scan.relation() instanceof HadoopFsRelation files) {
          long size = scan.stats().sizeInBytes().longValue();
          if (relations.add(List.of(files.location().rootPaths().mkString(","), size))) {
            sum = Math.addExact(sum, size);
          }
        }
      }
    }
    return sum;
  }
}
