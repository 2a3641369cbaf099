package io.flashguard.jobs.notebook;

import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.cli.SparkSessions;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The session and the warehouse a notebook works on. */
public final class Notebooks {
  /** Where {@code notebooks/run-all} builds the demo warehouse, relative to the notebooks folder. */
  public static final String DEMO_WAREHOUSE = "target/demo-warehouse";
  /** Names the warehouse to open; unset, notebooks open {@link #DEMO_WAREHOUSE}. */
  public static final String WAREHOUSE_VARIABLE = "FLASHGUARD_WAREHOUSE";

  private Notebooks() {}

  /**
   * The session every flashguard command gets on this machine (Delta Lake, UTC, local mode tuned for
   * a small machine), with {@code conf} on top; repeated calls return the same session.
   */
  public static SparkSession session(Map<String, String> conf) {
    return SparkSessions.create("notebook", null, conf);
  }

  public static SparkSession session() {
    return session(Map.of());
  }

  /** The warehouse named by {@value #WAREHOUSE_VARIABLE}, else the demo warehouse. */
  public static Warehouse warehouse() {
    String root = System.getenv(WAREHOUSE_VARIABLE);
    return new Warehouse(root == null || root.isBlank() ? Path.of(DEMO_WAREHOUSE).toAbsolutePath().toString() : root);
  }
}
