package io.flashguard.testing;

import io.flashguard.core.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;

/**
 * One local SparkSession for the whole test JVM ({@code local[2]}, UI off, loopback, two shuffle
 * partitions, UTC), with the cache cleared after every test, and helpers for literal fixtures.
 */
public abstract class SparkTestBase {
  /**
   * The tag of the slow end-to-end classes (whole runs, crashes, training on simulated worlds, a
   * browser): {@code mvn test} leaves them out, {@code mvn verify} runs them after the fast tier
   * (docs/architecture.md).
   */
  public static final String END_TO_END = "end-to-end";

  /**
   * How the tests' queries run, for the shared session and for commands a test starts in a JVM of its
   * own (CrashRecoveryTest). Test data is a few rows: two shuffle partitions; compiling each query
   * to Java (Janino) and re-planning it between stages (adaptive execution) cost more than running
   * it, about half of a class's time (AttemptsAssemblyTest: 118 s with Spark's defaults, 59 s
   * without). Results depend on none of them; the product keeps Spark's defaults.
   */
  public static final Map<String, String> QUERY_SETTINGS = Map.of(
      "spark.sql.shuffle.partitions", "2",
      "spark.sql.adaptive.enabled", "false",
      "spark.sql.codegen.wholeStage", "false",
      "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  private static SparkSession session;

  protected final SparkSession spark = session();

  protected static synchronized SparkSession session() {
    if (session == null) {
      SparkSession.Builder builder = SparkSession.builder()
          .master("local[2]")
          .appName("flashguard-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC");
      QUERY_SETTINGS.forEach(builder::config);
      Warehouse.SESSION_SETTINGS.forEach(builder::config);
      Warehouse.LOCAL_SESSION_SETTINGS.forEach(builder::config);
      session = builder.getOrCreate();
    }
    return session;
  }

  @AfterEach
  void clearCache() {
    spark.catalog().clearCache();
  }

  /** A frame of {@code schema} from rows given as column → value maps; absent columns are null. */
  protected Dataset<Row> frame(StructType schema, List<Map<String, Object>> rows) {
    List<Row> out = new ArrayList<>();
    for (Map<String, Object> values : rows) {
      for (String column : values.keySet()) {
        schema.fieldIndex(column);
      }
      Object[] cells = new Object[schema.size()];
      StructField[] fields = schema.fields();
      for (int i = 0; i < fields.length; i++) {
        cells[i] = values.get(fields[i].name());
      }
      out.add(RowFactory.create(cells));
    }
    return spark.createDataFrame(out, schema);
  }

  /** A fixture row: alternating column names and values, e.g. {@code row("sip_code", 487)}. */
  public static Map<String, Object> row(Object... namesAndValues) {
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return values;
  }

  public static Timestamp at(String isoInstant) {
    return Timestamp.from(Instant.parse(isoInstant));
  }
}
