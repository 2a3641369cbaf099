package io.flashguard.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.core.tables.FeaturesTable;
import io.flashguard.models.FraudType;
import io.flashguard.models.rules.DetectionRulesTest;
import io.flashguard.models.scoring.Detector;
import io.flashguard.testing.SparkTestBase;
import io.flashguard.testing.TestFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model registered by an earlier version keeps loading and scoring: the forwarding-hijack model
 * the demo registered on 2026-12-02 (commit bd906a4), kept under test resources as the registry
 * wrote it (without Hadoop's .crc files). A change to the registry's layout, the card's JSON, the
 * features' names or the pipeline's stages that would strand users' registered models fails here.
 */
class GoldenModelTest extends SparkTestBase {
  private static final String VERSION = "20261202T211427Z-bb94fb";
  /**
   * The model scores of the two rows below, measured when this test was added (07bbf0a, Spark
   * 4.2.0): a change means registered models score differently after an upgrade, which the release
   * notes must tell users.
   */
  private static final double QUIET = 0.023498977566420942;
  private static final double DIVERTED = 0.9816072954588858;

  @TempDir
  Path warehouse;

  @Test
  void anEarlierVersionsModelLoadsWithItsCard() throws Exception {
    ModelRegistry.RegisteredModel model = golden();

    assertThat(model.card().version()).as("version read back").isEqualTo(VERSION);
    assertThat(model.card().thresholds().combined()).as("thresholds read back").isEqualTo(0.5);
    assertThat(model.card().thresholds().rulesStand()).as("rules stand read back").isEqualTo(0.7);
    assertThat(model.card().maxModelLift()).as("model lift bound read back").isEqualTo(0.15);
    assertThat(Arrays.asList(FeaturesTable.SCHEMA.fieldNames())).as("every feature it reads is still a column")
        .containsAll(model.card().features());
  }

  @Test
  void anEarlierVersionsModelScoresTodaysFeatureRowsAsItDid() throws Exception {
    ModelRegistry.RegisteredModel model = golden();
    Detector detector = Detector.withModel(FraudType.FORWARDING_HIJACK, model.pipeline(), model.version(),
        model.card().thresholds(), model.card().maxModelLift());

    List<Row> scored = detector.scoreRows(frame(FeaturesTable.SCHEMA, List.of(
            DetectionRulesTest.verification("verification_id", "quiet", "verified", 1.0, "number_seen_before", 1.0,
                "call_count", 1.0, "cli_delivered", 1.0),
            DetectionRulesTest.verification("verification_id", "diverted", "verified", 1.0, "number_seen_before", 1.0,
                "call_count", 1.0, "diversion_count", 1.0, "answered", 1.0, "connected_differs", 1.0,
                "completing_call_diverted", 1.0, "completing_call_answered", 1.0,
                "completing_call_connected_elsewhere", 1.0, "device_changed_since_last_verified", 1.0,
                "ip_country_differs", 1.0))))
        .orderBy("verification_id").collectAsList();

    Row diverted = scored.get(0);
    Row quiet = scored.get(1);
    assertThat(quiet.<Double>getAs("model_score")).as("quiet model score").isCloseTo(QUIET, within(1e-9));
    assertThat(diverted.<Double>getAs("model_score")).as("diverted model score").isCloseTo(DIVERTED, within(1e-9));
    assertThat(diverted.<Boolean>getAs("flagged")).as("a diverted call answered elsewhere").isTrue();
    assertThat(quiet.<Boolean>getAs("flagged")).as("a plain verified call").isFalse();
  }

  private ModelRegistry.RegisteredModel golden() throws Exception {
    Path resources = Path.of(GoldenModelTest.class.getResource("/golden-registry").toURI());
    TestFiles.copyTree(resources, warehouse.resolve("golden"));
    return new ModelRegistry(spark.sparkContext().hadoopConfiguration(), warehouse.resolve("golden").toString())
        .load(FraudType.FORWARDING_HIJACK, VERSION);
  }
}
