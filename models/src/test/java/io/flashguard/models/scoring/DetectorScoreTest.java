package io.flashguard.models.scoring;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.models.FraudType;
import io.flashguard.models.registry.ModelCard;
import io.flashguard.models.training.DetectorTrainer;
import io.flashguard.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** How rule and model score join into the score a detector flags on. */
class DetectorScoreTest extends SparkTestBase {
  private static final StructType SCORES = new StructType()
      .add("rule_score", DataTypes.DoubleType).add("model_score", DataTypes.DoubleType);

  @Test
  void theModelCannotFlagWhatTheRulesHardlySee() {
    double lift = DetectorTrainer.MAX_MODEL_LIFT;
    assertThat(score(0.0, 1.0, lift)).as("a confident model on no rule evidence").isCloseTo(lift, within(1e-9));
    assertThat(score(0.3, 1.0, lift)).as("mean 0.65, but at most the lift above the rules")
        .isCloseTo(0.3 + lift, within(1e-9)).isLessThan(Thresholds.MINIMUM);
  }

  @Test
  void theModelStillConfirmsOrWeakensWhatTheRulesFound() {
    double lift = DetectorTrainer.MAX_MODEL_LIFT;
    assertThat(score(0.6, 0.8, lift)).as("the mean, within the lift").isCloseTo(0.7, within(1e-9));
    assertThat(score(0.65, 0.05, lift)).as("a model that disagrees lowers the score").isCloseTo(0.35, within(1e-9));
  }

  @Test
  void fromTheScoreWhereTheRulesStandTheModelCannotUnflag() {
    Thresholds thresholds = new Thresholds(0.65, 0.9, 0.80, 0.75);
    assertThat(standing(0.75, 0.70, thresholds)).as("a doubted diversion reaches the combined threshold")
        .isCloseTo(0.80, within(1e-9));
    assertThat(standing(0.99, 0.10, thresholds)).as("1 stays 1 on the rescaled rule score")
        .isCloseTo(0.80 + 0.24 * 0.2 / 0.25, within(1e-9));
    assertThat(standing(0.65, 0.79, thresholds)).as("below it, the combined score alone")
        .isCloseTo(0.79, within(1e-9));
    assertThat(standing(0.75, 0.70, new Thresholds(0.65, 0.9, 0.80, Thresholds.NEVER)))
        .as("where the rules never stand alone").isCloseTo(0.70, within(1e-9));
    assertThat(new Thresholds(0.65, 0.9, 0.80, 0).rulesStand()).as("cards written before read 0")
        .isEqualTo(Thresholds.NEVER);
  }

  @Test
  void aRuleScoreJustBelowTheStandIsNotRoundedUpToTheThresholdNearOne() {
    double stand = Math.nextUp(0.8);
    double combined = 0.991;
    Thresholds thresholds = new Thresholds(0.8, 0.94, combined, stand);
    assertThat(standing(0.8, 0.2, thresholds)).as("one rule of 0.8, under a stand just above it")
        .isLessThan(combined);
    assertThat(standing(stand, 0.2, thresholds)).as("at the stand itself").isEqualTo(combined);
  }

  @Test
  void versionsRegisteredBeforeTheBoundScoreWithThePlainMean() {
    assertThat(card(Map.of("maxIter", 60)).maxModelLift()).as("no parameter: unbounded")
        .isEqualTo(Detector.UNBOUNDED_LIFT);
    assertThat(score(0.0, 1.0, Detector.UNBOUNDED_LIFT)).as("the plain mean").isCloseTo(0.5, within(1e-9));
    assertThat(card(Map.of(ModelCard.MAX_MODEL_LIFT, 0.15)).maxModelLift()).as("recorded by train").isEqualTo(0.15);
  }

  @Test
  void aVerifiedRequestInheritsItsBurstsScoreOnlyWhereMostOfTheWindowDidNotVerify() {
    StructType windowSchema = new StructType().add("window_id", DataTypes.StringType)
        .add("rule_score", DataTypes.DoubleType).add("model_score", DataTypes.DoubleType)
        .add(Detector.PROBABILITY, DataTypes.DoubleType).add("score", DataTypes.DoubleType)
        .add("reasons", DataTypes.createArrayType(DataTypes.StringType)).add("conversion", DataTypes.DoubleType);
    List<String> burst = List.of("burst: 40× the usual requests");
    var windows = frame(windowSchema, List.of(
        row("window_id", "pumped", "rule_score", 0.8, "score", 0.8, "reasons", burst, "conversion", 0.25),
        row("window_id", "campaign", "rule_score", 0.8, "score", 0.8, "reasons", burst, "conversion", 0.8)));
    StructType featureSchema = new StructType().add("verification_id", DataTypes.StringType)
        .add("range_window_id", DataTypes.StringType).add("verified", DataTypes.DoubleType);
    var features = frame(featureSchema, List.of(
        row("verification_id", "pumped-expired", "range_window_id", "pumped", "verified", 0.0),
        row("verification_id", "pumped-verified", "range_window_id", "pumped", "verified", 1.0),
        row("verification_id", "campaign-expired", "range_window_id", "campaign", "verified", 0.0),
        row("verification_id", "campaign-verified", "range_window_id", "campaign", "verified", 1.0)));

    Map<String, Row> scored = Detector.rulesOnly(FraudType.PUMPING).inherit(features, windows).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("verification_id"), r -> r));

    assertThat(scored.get("pumped-expired").<Double>getAs("score")).as("a burst's own request").isEqualTo(0.8);
    assertThat(scored.get("pumped-verified").<Double>getAs("score"))
        .as("verified in a window three quarters of which did not: the pumper verifying his own calls")
        .isEqualTo(0.8);
    assertThat(scored.get("pumped-verified").<scala.collection.Seq<String>>getAs("reasons").last())
        .isEqualTo("this verification verified, but 75% of its window's requests did not: "
            + "a burst that verifies a share of its own calls");
    assertThat(scored.get("campaign-expired").<Double>getAs("score")).as("unverified, in any window").isEqualTo(0.8);
    assertThat(scored.get("campaign-verified").<Double>getAs("score"))
        .as("verified where most requests verified: not flagged for the range's traffic").isEqualTo(0.0);
    assertThat(scored.get("campaign-verified").<Boolean>getAs("flagged")).isFalse();
    assertThat(scored.get("campaign-verified").<String>getAs("window_id")).isNull();
  }

  private double score(double rule, double model, double lift) {
    Row row = frame(SCORES, List.of(row("rule_score", rule, "model_score", model)))
        .select(Detector.score(col("rule_score"), col("model_score"), lift)).first();
    return row.getDouble(0);
  }

  private double standing(double rule, double combined, Thresholds thresholds) {
    Row row = frame(SCORES, List.of(row("rule_score", rule, "model_score", combined)))
        .select(Detector.standing(col("model_score"), col("rule_score"), thresholds)).first();
    return row.getDouble(0);
  }

  private static ModelCard card(Map<String, Object> parameters) {
    return new ModelCard("spoofed-cli", "v1", "spoofed_cli", "2026-11-02", "2026-11-04",
        List.of("2026-11-02", "2026-11-03"), List.of("2026-11-04"), List.of("x"), Map.of("x", 1.0), parameters, 0.001,
        new Thresholds(0.7, 0.4, 0.5, Thresholds.NEVER), Map.of(), Map.of(), "test", "2026-11-25T00:00:00Z", List.of());
  }
}
