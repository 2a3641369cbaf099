package io.flashguard.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashguard.core.BadInputException;
import io.flashguard.models.FraudType;
import io.flashguard.models.evaluation.DetectionMetrics;
import io.flashguard.models.scoring.Thresholds;
import io.flashguard.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Register, load, promote; and refusing a model whose files do not match its manifest. */
class ModelRegistryTest extends SparkTestBase {
  @TempDir
  Path warehouse;

  @Test
  void registeredModelLoadsWithTheSamePredictionsAndCard() {
    ModelRegistry registry = registry();
    PipelineModel fitted = fit();
    registry.register(FraudType.SPOOFED_CLI, fitted, card("v1"));

    ModelRegistry.RegisteredModel loaded = registry.load(FraudType.SPOOFED_CLI, "v1");
    assertThat(probabilities(loaded.pipeline())).as("same predictions after the round trip")
        .isEqualTo(probabilities(fitted));
    assertThat(loaded.card()).as("model.json round trip").isEqualTo(card("v1"));
  }

  @Test
  void registeringDoesNotPromote() {
    ModelRegistry registry = registry();
    registry.register(FraudType.SPOOFED_CLI, fit(), card("v1"));
    assertThat(registry.current(FraudType.SPOOFED_CLI)).as("nothing promoted yet").isEmpty();

    registry.promote(FraudType.SPOOFED_CLI, "v1");
    registry.register(FraudType.SPOOFED_CLI, fit(), card("v2"));
    assertThat(registry.current(FraudType.SPOOFED_CLI).orElseThrow().version()).as("v2 registered, v1 still current")
        .isEqualTo("v1");
  }

  @Test
  void changedFileIsRefusedAndCannotBePromoted() throws IOException {
    ModelRegistry registry = registry();
    registry.register(FraudType.PUMPING, fit(), card("v1"));
    Files.writeString(warehouse.resolve("models/pumping/v1/model.json"), " ", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> registry.load(FraudType.PUMPING, "v1")).as("tampered model.json")
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessage("model pumping version v1 does not match its checksums.sha256: model.json was changed; "
            + "register it again with flashguard train");
    assertThatThrownBy(() -> registry.promote(FraudType.PUMPING, "v1")).as("promotion checks first")
        .isInstanceOf(ModelIntegrityException.class);
    assertThat(registry.current(FraudType.PUMPING)).as("no pointer written").isEmpty();
  }

  @Test
  void anUnknownVersionIsBadInputNamingTheRegisteredOnes() {
    ModelRegistry registry = registry();
    registry.register(FraudType.PUMPING, fit(), card("v1"));

    assertThatThrownBy(() -> registry.promote(FraudType.PUMPING, "v2")).as("a version nobody registered")
        .isInstanceOf(BadInputException.class).hasMessageContaining("model pumping has no version v2")
        .hasMessageEndingWith("registered: [v1]");
    assertThatThrownBy(() -> registry.load(FraudType.SPOOFED_CLI, "v1")).as("a type with no versions")
        .isInstanceOf(BadInputException.class).hasMessageEndingWith("registered: []");
  }

  @Test
  void addedOrRemovedFileIsRefused() throws IOException {
    ModelRegistry registry = registry();
    registry.register(FraudType.FORWARDING_HIJACK, fit(), card("v1"));
    Path folder = warehouse.resolve("models/forwarding-hijack/v1");
    Files.writeString(folder.resolve("extra.txt"), "x");
    assertThatThrownBy(() -> registry.load(FraudType.FORWARDING_HIJACK, "v1")).as("added file")
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("unexpected file(s) [extra.txt]");

    Files.delete(folder.resolve("extra.txt"));
    Files.delete(folder.resolve("model.json"));
    assertThatThrownBy(() -> registry.load(FraudType.FORWARDING_HIJACK, "v1")).as("removed file")
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("model.json is missing");
  }

  private ModelRegistry registry() {
    return new ModelRegistry(spark.sparkContext().hadoopConfiguration(), warehouse.toString());
  }

  private Dataset<Row> data() {
    StructType schema = new StructType().add("x", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
    return spark.createDataFrame(List.of(RowFactory.create(0.0, 0.0), RowFactory.create(1.0, 0.0),
        RowFactory.create(2.0, 1.0), RowFactory.create(3.0, 1.0)), schema);
  }

  private PipelineModel fit() {
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x"}).setOutputCol("features"),
        new LogisticRegression().setMaxIter(20)}).fit(data());
  }

  private List<Row> probabilities(PipelineModel model) {
    return model.transform(data()).select("probability").collectAsList();
  }

  private static ModelCard card(String version) {
    DetectionMetrics metrics = new DetectionMetrics(3, 100, 0.9, 0.5, 2, 1, 2 / 3.0, 2 / 3.0, 0.01, 0.002, 0.05);
    return new ModelCard("spoofed-cli", version, "spoofed_cli", "2026-11-02", "2026-11-04",
        List.of("2026-11-02", "2026-11-03"), List.of("2026-11-04"), List.of("x"), Map.of("x", 1.0),
        Map.of("maxIter", 20),
        0.001, new Thresholds(0.7, 0.4, 0.5, Thresholds.NEVER), Map.of("combined", metrics), Map.of("training", "rows=4"),
        "test", "2026-11-25T00:00:00Z", List.of());
  }
}
