package io.flashguard.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.models.scoring.Thresholds;
import io.flashguard.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The combined threshold and the rule score from which the rules' verdict stands, chosen together. */
class StandingRulesTest extends SparkTestBase {
  private static final StructType SCORED = new StructType()
      .add("rule_score", DataTypes.DoubleType).add("score", DataTypes.DoubleType)
      .add("positive", DataTypes.BooleanType);
  /** 2 false positives allowed among the 1,005 legitimate rows below. */
  private static final double RATE = 0.002;

  @Test
  void rulesStandWhereTheModelWouldTalkTheDetectorOutOfRealFraud() {
    List<Map<String, Object>> rows = quietLegit(1000);
    rows.addAll(rows(5, 0.65, 0.80, false)); // honest pairs of weak signs the model lifts
    rows.addAll(rows(10, 0.75, 0.70, true)); // fraud the rules call, the model doubts
    rows.addAll(rows(5, 0.50, 0.90, true)); // fraud the model confirms

    StandingRules.Choice choice = StandingRules.choose(frame(SCORED, rows), 0.75, RATE);

    assertThat(choice.rulesStand()).as("the doubted rule calls stand").isEqualTo(0.75);
    assertThat(choice.combined()).as("just above the lifted honest pairs").isEqualTo(Math.nextUp(0.80));
    assertThat(choice.caught()).as("the rules' 10 and the model's 5").isEqualTo(15);
    assertThat(choice.falsePositives()).as("false positives on the validation rows").isZero();
  }

  @Test
  void rulesThatOverspendTheBudgetDoNotStand() {
    List<Map<String, Object>> rows = quietLegit(1000);
    rows.addAll(rows(5, 0.75, 0.60, false)); // honest rows the rules call, the model does not
    rows.addAll(rows(10, 0.75, 0.85, true));
    rows.addAll(rows(4, 0.90, 0.92, true));

    StandingRules.Choice choice = StandingRules.choose(frame(SCORED, rows), 0.75, RATE);

    assertThat(choice.rulesStand()).as("0.75 would flag 5 honest rows; from just above it, only the 0.90s")
        .isEqualTo(Math.nextUp(0.75));
    assertThat(choice.caught()).as("every fraud row, through the combined score or the rules").isEqualTo(14);
    assertThat(choice.falsePositives()).as("false positives on the validation rows").isZero();
  }

  @Test
  void aRuleScoreTheValidationDaysDidNotSeeStandsLikeTheNextOneTheyDid() {
    List<Map<String, Object>> rows = quietLegit(1000);
    rows.addAll(rows(5, 0.80, 0.60, false)); // honest rows the rules call, the model does not
    rows.addAll(rows(10, 0.85, 0.70, true)); // fraud the rules call, the model doubts

    StandingRules.Choice choice = StandingRules.choose(frame(SCORED, rows), 0.80, RATE);

    assertThat(choice.rulesStand()).as("no validation row between 0.80 and 0.85: the stand is just above 0.80")
        .isEqualTo(Math.nextUp(0.80));
    assertThat(choice.caught()).as("the 10 the rules call").isEqualTo(10);
    assertThat(choice.falsePositives()).as("false positives on the validation rows").isZero();
  }

  @Test
  void aSingleWeakRuleNeverStandsAloneHoweverCleanTheValidationDays() {
    List<Map<String, Object>> rows = quietLegit(1000);
    rows.addAll(rows(1, 0.50, 0.40, false)); // an honest handset change
    rows.addAll(rows(10, 0.50, 0.60, true)); // hijacks with nothing but the handset change
    rows.addAll(rows(5, 0.80, 0.90, true));

    StandingRules.Choice choice = StandingRules.choose(frame(SCORED, rows), 0.50, RATE);

    assertThat(choice.rulesStand()).as("not below the rules' default threshold, though 0.50 fits the budget here")
        .isEqualTo(Thresholds.DEFAULT_RULES);
    assertThat(choice.combined()).as("the weak rows flag through the combined score").isLessThanOrEqualTo(0.60);
    assertThat(choice.caught()).as("all 15").isEqualTo(15);
  }

  @Test
  void withoutAnythingToGainTheModelWeighsEveryRuleScore() {
    List<Map<String, Object>> rows = quietLegit(1000);
    rows.addAll(rows(5, 0.80, 0.55, false));
    rows.addAll(rows(8, 0.80, 0.90, true));

    StandingRules.Choice choice = StandingRules.choose(frame(SCORED, rows), 0.80, RATE);

    assertThat(choice.rulesStand()).as("standing at 0.80 overspends; nothing scores higher")
        .isEqualTo(Thresholds.NEVER);
    assertThat(choice.caught()).as("every fraud row, through the combined score").isEqualTo(8);
    assertThat(choice.falsePositives()).as("false positives on the validation rows").isZero();
  }

  @Test
  void ofPairsThatCatchAsMuchTheRulesVerdictWinsEvenAtAFalsePositiveMore() {
    List<Map<String, Object>> rows = quietLegit(1000);
    rows.addAll(rows(1, 0.75, 0.40, false)); // an honest row only the rules would flag
    rows.addAll(rows(6, 0.75, 0.80, true));

    StandingRules.Choice choice = StandingRules.choose(frame(SCORED, rows), 0.75, RATE);

    assertThat(choice.rulesStand()).as("standing at 0.75 catches the same 6, within the budget")
        .isEqualTo(0.75);
    assertThat(choice.caught()).as("every fraud row").isEqualTo(6);
    assertThat(choice.falsePositives()).as("the honest row the rules flag").isEqualTo(1);
  }

  @Test
  void aModelThatCatchesMoreThanTheMarginKeepsTheLastWord() {
    List<Map<String, Object>> rows = quietLegit(1000);
    rows.addAll(rows(2, 0.70, 0.30, false)); // honest rows the rules call, the model dismisses
    rows.addAll(rows(2, 0.00, 0.60, false)); // honest rows the model lifts a little
    rows.addAll(rows(40, 0.30, 0.60, true)); // fraud only the model sees

    StandingRules.Choice choice = StandingRules.choose(frame(SCORED, rows), 0.70, RATE);

    assertThat(choice.rulesStand()).as("standing at 0.70 spends the budget and catches none of the 40")
        .isEqualTo(Thresholds.NEVER);
    assertThat(choice.caught()).as("the 40, through the combined score").isEqualTo(40);
    assertThat(choice.falsePositives()).as("the two lifted honest rows, within the budget").isEqualTo(2);
  }

  @Test
  void theBudgetIsSpentOnlyWhereItCatchesMoreFraudThanItFlagsHonestRows() {
    List<Map<String, Object>> rows = quietLegit(1000);
    rows.addAll(rows(10, 0.40, 0.90, true));
    rows.addAll(rows(2, 0.40, 0.70, false)); // two honest rows the budget could afford...
    rows.addAll(rows(1, 0.40, 0.70, true)); // ...for one more fraud
    rows.addAll(rows(1, 0.40, 0.55, false)); // one honest row beyond the budget

    StandingRules.Choice choice = StandingRules.choose(frame(SCORED, rows), 0.75, RATE);

    assertThat(choice.combined()).as("just above the two honest rows, not the budget's lowest 0.70")
        .isEqualTo(Math.nextUp(0.70));
    assertThat(choice.caught()).as("the 10 above them").isEqualTo(10);
    assertThat(choice.falsePositives()).as("false positives on the validation rows").isZero();
  }

  @Test
  void ofThresholdsThatCatchWithinTheMarginTheHighestIsTaken() {
    List<Map<String, Object>> rows = quietLegit(1000);
    rows.addAll(rows(98, 0.40, 0.90, true));
    rows.addAll(rows(1, 0.40, 0.80, false)); // one honest row...
    rows.addAll(rows(2, 0.40, 0.80, true)); // ...for two more frauds: a gain, within the budget

    StandingRules.Choice choice = StandingRules.choose(frame(SCORED, rows), 0.75, RATE);

    assertThat(choice.combined()).as("2 of 100 positives may be given up for a threshold above the honest row")
        .isEqualTo(Math.nextUp(0.80));
    assertThat(choice.caught()).as("the 98 above it").isEqualTo(98);
    assertThat(choice.falsePositives()).as("false positives on the validation rows").isZero();
  }

  private static List<Map<String, Object>> quietLegit(int count) {
    return rows(count, 0.0, 0.0, false);
  }

  private static List<Map<String, Object>> rows(int count, double rule, double score, boolean positive) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(Map.of("rule_score", rule, "score", score, "positive", positive));
    }
    return rows;
  }
}
