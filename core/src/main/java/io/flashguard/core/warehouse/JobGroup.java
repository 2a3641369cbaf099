package io.flashguard.core.warehouse;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Names the Spark jobs of a stage, so a scheduled run reads well in the Spark UI and the history
 * server: every job started inside {@link #run} carries the stage's group id and description.
 */
public final class JobGroup {
  private JobGroup() {}

  public static <T> T run(SparkSession spark, String groupId, String description, Supplier<T> stage) {
    SparkContext context = spark.sparkContext();
    String previousGroup = context.getLocalProperty("spark.jobGroup.id");
    String previousDescription = context.getLocalProperty("spark.job.description");
    context.setJobGroup(groupId, description, false);
    try {
      return stage.get();
    } finally {
      if (previousGroup == null) {
        context.clearJobGroup();
      } else {
        context.setJobGroup(previousGroup, previousDescription, false);
      }
    }
  }
}
