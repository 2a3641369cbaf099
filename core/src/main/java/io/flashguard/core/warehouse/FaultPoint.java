package io.flashguard.core.warehouse;

/**
 * Named points in a publish where a crash matters. When {@value #PAUSE_AT} names one, as
 * {@code POINT:table}, the process prints {@code flashguard: paused at POINT:table} on reaching it
 * and waits there, so a test can kill it with SIGKILL at exactly that point. Off unless set.
 */
public enum FaultPoint {
  /** The new partitions are written to the staging folder, nothing moved yet. */
  STAGED,
  /** The new partitions sit in their version folders; the pointer still names the old ones. */
  MOVED,
  /** The pointer names the new partitions; old versions not yet deleted. */
  POINTED;

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
    String here = name() + ":" + table;
    if (!here.equals(System.getenv(PAUSE_AT))) {
      return;
    }
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
