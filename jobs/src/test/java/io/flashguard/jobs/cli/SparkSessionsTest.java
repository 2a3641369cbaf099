package io.flashguard.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The settings of the sessions flashguard's commands start. */
class SparkSessionsTest {
  private static final String PLANNED = "spark.sql.autoBroadcastJoinThreshold";
  private static final String MEASURED = "spark.sql.adaptive.autoBroadcastJoinThreshold";

  @Test
  void aJoinSideIsSentToEveryTaskOnItsEstimateOnlyUpToAMegabyte() {
    // the estimates of the tables' pseudonyms are 17 to 33 times under their bytes (docs/benchmarks.md)
    for (String master : new String[] {"local[2]", "spark://127.0.0.1:7077"}) {
      SparkConf conf = SparkSessions.settings("score", master, Map.of());
      assertThat(conf.get(PLANNED)).as("estimated before the query runs, on %s", master).isEqualTo("1m");
      assertThat(conf.get(MEASURED)).as("measured while it runs, on %s", master).isEqualTo("10m");
    }
  }

  @Test
  void theCallersSettingsComeFirst() {
    SparkConf conf = SparkSessions.settings("score", "local[2]", Map.of(PLANNED, "-1", MEASURED, "-1"));
    assertThat(conf.get(PLANNED)).as("--conf over the estimate's threshold").isEqualTo("-1");
    assertThat(conf.get(MEASURED)).as("--conf over the measured size's threshold").isEqualTo("-1");
    assertThat(conf.get("spark.sql.session.timeZone")).as("always UTC").isEqualTo("UTC");
  }
}
