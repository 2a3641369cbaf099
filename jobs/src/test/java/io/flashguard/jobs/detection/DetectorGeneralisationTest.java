package io.flashguard.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.core.BadInputException;
import io.flashguard.core.NothingToDoException;
import io.flashguard.core.tables.AlertsTable;
import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.console.DetectionText;
import io.flashguard.jobs.ingest.CdrFormat;
import io.flashguard.jobs.ingest.IngestSettings;
import io.flashguard.jobs.ingest.Pseudonymizer;
import io.flashguard.jobs.run.DailyRun;
import io.flashguard.jobs.run.RunSettings;
import io.flashguard.jobs.run.RunStage;
import io.flashguard.models.FraudType;
import io.flashguard.models.evaluation.Calibration;
import io.flashguard.models.evaluation.DetectionMetrics;
import io.flashguard.models.registry.ModelCard;
import io.flashguard.models.registry.ModelRegistry;
import io.flashguard.models.training.TrainingSettings;
import io.flashguard.simulator.AttackStyles;
import io.flashguard.simulator.HonestVariety;
import io.flashguard.simulator.SimulationSettings;
import io.flashguard.simulator.TrafficSimulator;
import io.flashguard.testing.SparkTestBase;
import io.flashguard.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detectors on freshly simulated data: trained on one world and scored on another, made with
 * another seed, other countries, other attack shares, smaller and slower bursts, slower reports, and
 * hard negatives and attack styles of other intensities (docs/simulator.md).
 * Small worlds keep the test fast, so the bounds are looser than the product's targets (those are
 * measured at scale by bin/model-experiment, docs/model-cards/): with ~60 positives per type a
 * single miss moves recall by almost 2%, and the thresholds come from one validation day of ~950
 * legitimate verifications, where the 0.1% budget is zero false positives — so the false-positive
 * bound here is 1%, a detector gone wrong rather than the product target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag(SparkTestBase.END_TO_END)
class DetectorGeneralisationTest extends SparkTestBase {
  private static final LocalDate TRAIN_START = LocalDate.parse("2026-11-02");
  private static final LocalDate SCORE_START = LocalDate.parse("2026-11-16");
  /** World b's hard negatives: every family at about twice its default, SIM boxes of 4 SIMs. */
  private static final HonestVariety OTHER_HONEST_TRAFFIC =
      HonestVariety.builder().substitutionFactor(1.8).simBoxSims(4).inRangeSubstituteShare(0.0)
          .gatewayIncidentsPerDay(2).voicemailRate(0.06).roamingShare(0.06).vpnShare(0.05).dualSimShare(0.06)
          .deviceChangeRate(0.04).platformLoyalty(0.7).campaignSize(120).manualRetries(5).build();
  /**
   * World b's attackers: fewer crews, more lookalike spoofs, replays and forged interceptions. The
   * hijack styles stay near the defaults on purpose: a silent hijack from a domestic IP on a device
   * of its own leaves nothing in the data but a new device, which honest customers who changed
   * phones share (model card), so with half the hijacks silent and most domestic, as in
   * bin/model-experiment's world C, about a quarter of them cannot be told and this test would
   * measure the world, not the detector.
   */
  private static final AttackStyles OTHER_ATTACKS = AttackStyles.builder().crewDeviceShare(0.2)
      .lookalikeSpoofShare(0.25).replaySpoofShare(0.4).forgedInterceptShare(0.5).build();

  @TempDir
  static Path temp;

  private Warehouse training;
  private Warehouse scored;
  private final Map<FraudType, ModelCard> cards = new java.util.EnumMap<>(FraudType.class);
  private EvaluateJob.Evaluation evaluation;

  @BeforeAll
  void trainOnOneWorldAndEvaluateOnAnother() throws IOException {
    training = world("a", SimulationSettings.builder().days(TRAIN_START, 3, 1000).seed(11)
        .countries(List.of("GB", "BR", "ID", "NG")).attackShares(0.04, 0.03).bursts(3, 40, 20).incidentsPerDay(1)
        .duplicateRate(0.0).partitions(1).build());
    TrainJob job = new TrainJob(spark, training);
    List<ModelCard> trained = job.run(java.util.Arrays.stream(FraudType.values())
        .map(type -> new TrainingSettings(type, 0.001, 30, 4, 0.1, 7, TrainingSettings.featureSubsets(type))).toList(),
        TRAIN_START, TRAIN_START.plusDays(2));
    for (ModelCard card : trained) {
      FraudType type = FraudType.ofModelName(card.name());
      job.promote(type, card.version());
      cards.put(type, card);
    }
    scored = world("b", SimulationSettings.builder().days(SCORE_START, 2, 1000).seed(12)
        .countries(List.of("FR", "MX", "KE")).attackShares(0.06, 0.04).bursts(3, 25, 45).incidentsPerDay(2)
        .androidShare(0.5).typoRate(0.1).duplicateRate(0.0).reportDelayFactor(1.6).returningShare(0.5).partitions(1)
        .honest(OTHER_HONEST_TRAFFIC).attacks(OTHER_ATTACKS).build());
    TestFiles.copyTree(Path.of(training.root(), "models"), Path.of(scored.root(), "models"));
    // through the candidate path (evaluate --model-version), which is the current path for the other types
    evaluation = new EvaluateJob(spark, scored).run(SCORE_START, SCORE_START.plusDays(1),
        DetectionInputs.currentLabels(spark, scored), "world b labels",
        Detectors.withCandidate(spark, scored, FraudType.SPOOFED_CLI, cards.get(FraudType.SPOOFED_CLI).version()));
  }

  @Test
  void spoofedCliGeneralises() {
    DetectionMetrics combined = metrics(FraudType.SPOOFED_CLI, "combined");
    assertThat(combined.prAuc()).as("PR-AUC on the other world").isGreaterThanOrEqualTo(0.85);
    assertThat(combined.recall()).as("recall at the validation threshold").isGreaterThanOrEqualTo(0.75);
    assertThat(combined.falsePositiveRate()).as("FPR, see the class comment").isLessThanOrEqualTo(0.01);
  }

  @Test
  void forwardingHijackGeneralises() {
    DetectionMetrics combined = metrics(FraudType.FORWARDING_HIJACK, "combined");
    assertThat(combined.prAuc()).as("PR-AUC on the other world").isGreaterThanOrEqualTo(0.85);
    assertThat(combined.recall()).as("recall at the validation threshold").isGreaterThanOrEqualTo(0.75);
    assertThat(combined.falsePositiveRate()).as("FPR, see the class comment").isLessThanOrEqualTo(0.01);
  }

  @Test
  void pumpingGeneralisesToSmallerSlowerBursts() {
    DetectionMetrics combined = metrics(FraudType.PUMPING, "combined");
    assertThat(combined.prAuc()).as("PR-AUC on the other world").isGreaterThanOrEqualTo(0.9);
    assertThat(combined.recall()).as("recall at the validation threshold").isGreaterThanOrEqualTo(0.8);
    assertThat(combined.falsePositiveRate()).as("FPR, see the class comment").isLessThanOrEqualTo(0.01);
  }

  @Test
  void modelCardRecordsTheTimeSplitAndTheData() {
    ModelCard card = cards.get(FraudType.SPOOFED_CLI);
    assertThat(card.trainingDays()).as("earlier days train").containsExactly("2026-11-02", "2026-11-03");
    assertThat(card.validationDays()).as("the last day validates").containsExactly("2026-11-04");
    assertThat(card.dataChecksums().get("training")).as("fingerprint").startsWith("rows=");
    assertThat(card.features()).as("feature list").contains("reported_before_alert", "replayed_reports");
    assertThat(card.featureImportances()).as("an importance per feature").containsOnlyKeys(card.features());
    assertThat(List.copyOf(card.featureImportances().values())).as("largest first")
        .isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(card.featureImportances().values().stream().mapToDouble(Double::doubleValue).sum())
        .as("shares of the split gains").isCloseTo(1.0, within(1e-9));
    assertThat(card.validation()).as("three scorers").containsKeys("rules", "model", "combined");
    assertThat(card.warnings()).as("one validation day of ~1,000 legitimate verifications is too few for 0.1%")
        .singleElement().asString().contains("fewer than 10");
  }

  @Test
  void modelProbabilitiesAreCalibratedOnTheValidationDays() {
    ModelRegistry registry = new ModelRegistry(spark.sparkContext().hadoopConfiguration(), training.root());
    for (FraudType type : FraudType.values()) {
      Transformer[] stages = registry.current(type).orElseThrow().pipeline().stages();
      assertThat(stages[stages.length - 1]).as("%s ends in its calibration", type)
          .isInstanceOf(IsotonicRegressionModel.class);
      IsotonicRegressionModel calibration = (IsotonicRegressionModel) stages[stages.length - 1];
      double[] probabilities = calibration.predictions().toArray();
      assertThat(probabilities).as("%s: a higher score is never less likely fraud", type).isNotEmpty().isSorted();
      assertThat(probabilities[0]).as("%s: its bottom scores are rarely fraud", type).isBetween(0.0, 0.05);
      assertThat(probabilities[probabilities.length - 1]).as("%s: its top scores are mostly fraud", type)
          .isBetween(0.5, 1.0);
    }
  }

  @Test
  void evaluationChecksTheCalibratedProbabilitiesOnTheOtherWorld() {
    for (EvaluateJob.TypeEvaluation type : evaluation.fraudTypes()) {
      Calibration calibration = type.calibration();
      DetectionMetrics model = type.metrics().get("model");
      assertThat(calibration).as("%s: its model is calibrated", type.fraudType()).isNotNull();
      assertThat(calibration.rows()).as("%s: every evaluated row", type.fraudType())
          .isEqualTo(model.positives() + model.negatives());
      assertThat(calibration.positives()).as("%s: positives", type.fraudType()).isEqualTo(model.positives());
      double baseRate = (double) calibration.positives() / calibration.rows();
      assertThat(calibration.brierScore()).as("%s: the probabilities say more than the base rate", type.fraudType())
          .isLessThan(baseRate * (1 - baseRate));
    }
  }

  @Test
  void evaluationSaysWhereTheFlaggingScoresErrorsAre() {
    for (EvaluateJob.TypeEvaluation type : evaluation.fraudTypes()) {
      DetectionMetrics combined = type.metrics().get("combined");
      assertThat(type.errors().falsePositives()).as("%s false positives", type.fraudType())
          .isEqualTo(combined.falsePositives());
      assertThat(type.errors().misses()).as("%s misses", type.fraudType())
          .isEqualTo(combined.positives() - combined.truePositives());
      assertThat(type.errors().missesBy()).as("%s misses by route, country, app, reason", type.fraudType())
          .allSatisfy(each -> assertThat(each.count())
              .as("%s misses where %s = %s", type.fraudType(), each.dimension(), each.value()).isPositive())
          .extracting(EvaluateJob.Concentration::dimension).containsAnyOf("route", "reason");
    }
  }

  @Test
  void candidateVersionIsEvaluatedInPlaceOfTheCurrentOne() {
    for (EvaluateJob.TypeEvaluation type : evaluation.fraudTypes()) {
      FraudType fraudType = fraudTypeOf(type);
      assertThat(type.modelVersion()).as("%s: the candidate for spoofed CLI, the current version for the others",
          fraudType).isEqualTo(cards.get(fraudType).version());
    }
    assertThatThrownBy(() -> Detectors.withCandidate(spark, scored, FraudType.SPOOFED_CLI, "no-such-version"))
        .as("an unknown candidate is bad input (exit 2)").isInstanceOf(BadInputException.class)
        .hasMessageContaining("no version no-such-version").hasMessageContaining(cards.get(FraudType.SPOOFED_CLI).version());
  }

  @Test
  void evaluationNamesWhatEachEvaluatedModelLeansOn() {
    for (EvaluateJob.TypeEvaluation type : evaluation.fraudTypes()) {
      FraudType fraudType = fraudTypeOf(type);
      assertThat(type.featureImportances()).as("%s: the evaluated version's importances, largest first", fraudType)
          .isNotEmpty().containsExactlyEntriesOf(cards.get(fraudType).featureImportances());
    }
    assertThat(DetectionText.evaluation(evaluation)).as("printed under each fraud type")
        .contains("model leans on " + cards.get(FraudType.PUMPING).featureImportances().keySet().iterator().next());
  }

  private static FraudType fraudTypeOf(EvaluateJob.TypeEvaluation evaluated) {
    return java.util.Arrays.stream(FraudType.values())
        .filter(each -> each.label().equals(evaluated.fraudType())).findFirst().orElseThrow();
  }

  @Test
  void scoringWritesFlagsWithReasonsAndBurstAlertsBesideRouteAlerts() {
    ScoreJob.Result result = new ScoreJob(spark, scored).run(SCORE_START, SCORE_START);
    assertThat(result.flagged()).as("every fraud type has flags").allSatisfy((type, count) -> assertThat(count).isPositive());
    List<Row> flags = scored.read(spark, FlagsTable.TABLE, SCORE_START, SCORE_START)
        .where("flagged").collectAsList();
    assertThat(flags).as("every flag explains itself").allSatisfy(flag ->
        assertThat(flag.<scala.collection.Seq<String>>getAs("reasons").isEmpty()).isFalse());
    assertThat(flags).as("model named").allSatisfy(flag -> assertThat(flag.<String>getAs("model_version")).isNotNull());
    assertThat(flags.stream().flatMap(flag -> scala.jdk.javaapi.CollectionConverters.asJava(
            flag.<scala.collection.Seq<String>>getAs("reasons")).stream()).filter(reason -> reason.startsWith("model ")))
        .as("the models' opinions, as calibrated probabilities").isNotEmpty()
        .allMatch(reason -> reason.contains("(probability ") && reason.endsWith(", calibrated on its validation days)"));
    List<String> alertTypes = scored.read(spark, AlertsTable.TABLE, SCORE_START, SCORE_START)
        .select("alert_type").distinct().collectAsList().stream().map(row -> row.getString(0)).sorted().toList();
    assertThat(alertTypes).as("bursts written without removing route alerts")
        .contains(AlertsTable.BURST).allMatch(type -> type.equals(AlertsTable.BURST)
            || type.equals(AlertsTable.ROUTE_DEGRADATION));
  }

  @Test
  void trainingNeedsTwoDays() {
    assertThatThrownBy(() -> new TrainJob(spark, training).run(TrainingSettings.defaults(FraudType.PUMPING),
        TRAIN_START, TRAIN_START)).as("one day cannot be split in time")
        .isInstanceOf(NothingToDoException.class)
        .hasMessageContaining("needs at least two days").hasMessageContaining("flashguard metrics");
  }

  private DetectionMetrics metrics(FraudType type, String scorer) {
    EvaluateJob.TypeEvaluation result = evaluation.fraudTypes().stream()
        .filter(each -> each.fraudType().equals(type.label())).findFirst().orElseThrow();
    return result.metrics().get(scorer);
  }

  private Warehouse world(String name, SimulationSettings settings) {
    Path input = temp.resolve(name);
    new TrafficSimulator(spark, settings).run(input.toString());
    Warehouse warehouse = new Warehouse(temp.resolve("warehouse-" + name).toString());
    IngestSettings ingest = new IngestSettings(warehouse, List.of(input.resolve("cdr").toString()), CdrFormat.CANONICAL,
        null, List.of(input.resolve("verifications").toString()), input.resolve("reference").toString(),
        List.of(input.resolve("labels.csv").toString()), ZoneOffset.UTC, null, 0.05, Pseudonymizer.demo(),
        "run-" + name);
    new DailyRun(spark, new RunSettings(ingest, null, null, true, 30, 0.03, "test").until(RunStage.ATTEMPTS)).run(
        new PrintStream(OutputStream.nullOutputStream()));
    return warehouse;
  }
}
