package io.flashguard.core.warehouse;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Named points in a publish where a crash matters. When {@value #PAUSE_AT} names one, as
 * {@code POINT:table}, the process prints {@code flashguard: paused at POINT:table} on reaching it
 * and waits there, so a test can kill it with SIGKILL at exactly that point. Off unless set.
 */
public enum FaultPoint {
  /** A task is writing the table's new data files; the commit has not happened. */
  WRITING,
  /** The table's commit is done; the run has not gone on to its next step. */
  COMMITTED;

  public static final String PAUSE_AT = "FLASHGUARD_PAUSE_AT";
  /** When set, the first attempt of every task that reads an input file fails (retries must recover). */
  public static final String FAIL_FIRST_TASK_ATTEMPT = "FLASHGUARD_FAIL_FIRST_TASK_ATTEMPT";

  /** Fails the calling Spark task on its first attempt when {@value #FAIL_FIRST_TASK_ATTEMPT} is set. */
  public static void failFirstTaskAttempt() {
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    if (System.getenv(FAIL_FIRST_TASK_ATTEMPT) != null && task != null && task.attemptNumber() == 0) {
      throw new IllegalStateException("injected failure of task " + task.partitionId() + ", attempt 0");
    }
  }

  /** Waits here for ever if the environment asks to pause at this point of publishing {@code table}. */
  public void reach(String table) {
    if (asked(table)) {
      pause(name() + ":" + table);
    }
  }

  /**
   * {@code rows}, which pause in the first task that writes one if the environment asks to pause at
   * this point of publishing {@code table}; unchanged otherwise.
   */
  public Dataset<Row> pauseWhileWriting(String table, Dataset<Row> rows) {
    if (!asked(table)) {
      return rows;
    }
    String here = name() + ":" + table;
    return rows.mapPartitions((MapPartitionsFunction<Row, Row>) partition -> {
      if (partition.hasNext()) {
        pause(here);
      }
      return partition;
    }, Encoders.row(rows.schema()));
  }

  private boolean asked(String table) {
    return (name() + ":" + table).equals(System.getenv(PAUSE_AT));
  }

  private static void pause(String here) {
    System.out.println("flashguard: paused at " + here);
    System.out.flush();
    try {
      while (true) {
        Thread.sleep(60_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
