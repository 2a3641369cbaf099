package io.flashguard.models.training;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.not;

import io.flashguard.models.scoring.Detector;
import io.flashguard.models.scoring.Thresholds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Chooses, on the validation days, the rule score from which the rules' verdict stands and the
 * combined threshold together ({@link Detector#standing}), for one budget of false positives.
 *
 * <p>The rules' verdict never stands below {@link Thresholds#DEFAULT_RULES} (two strong rules, or one
 * very strong one), however low the validation days let the rules' own threshold go: a single weak
 * rule (a device changed since the number's last verification, 0.5) flags few honest verifications
 * where the simulator makes few honest handset changes, and many where travellers and upgrades are
 * common — on traffic from another generator, 82 honest verifications in 48,144 for forwarding
 * hijack (docs/model-cards/README.md). Below it, a rule score flags only with the model's agreement,
 * through the combined score.
 *
 * <p>The candidates are that floor (or the rules' own threshold, if higher), the score just above
 * each rule score the validation rows reach from there, and {@link Thresholds#NEVER}. Standing from
 * any score between two that the validation rows reach flags the same validation rows, so each
 * candidate is the lowest of its kind: a rule score the validation days did not see (a pair of
 * rules that another traffic brings together, 0.84 between 0.80 and 0.85) is ruled on as the next
 * higher score they did see. On traffic from another generator, a stand at that next score (0.85)
 * let the model withhold 24 spoofs that the rules alone flagged (docs/model-cards/README.md). For
 * each candidate, the rule flags spend part of the budget; of the combined thresholds that keep the
 * rest within what is left, the one whose flags catch most frauds net of their false positives (of
 * equals, the one with fewer false positives, then the lowest). So the budget is a ceiling, not a
 * target: a threshold goes lower only while what it adds on the validation days is more often fraud
 * than not, the meaning {@link Thresholds#MINIMUM} gives a flag. Spending the whole budget wherever
 * it bought anything took, for forwarding hijack, 7 more honest flags for 2 more hijacks on the
 * validation days, and on traffic from another generator 84 more for 8
 * (docs/model-cards/README.md). The rules' verdict then stands from the lowest score whose pair
 * catches within {@link #MARGIN} of the validation positives of the pair that catches most, and the
 * combined threshold rises from its choice as far as the flags still catch that many: of the pairs
 * within the margin, the one that leans most on the rules and flags least. The margin is a stated
 * preference for the rules and for fewer flags: the rules are the same on every traffic, while what
 * a model adds on the validation days of the world it learned may not add elsewhere — on traffic
 * from another generator the spoofed-CLI model doubted rule calls that held, and a combined
 * threshold lowered for three more validation spoofs flagged 0.12% of that traffic's honest users
 * (docs/model-cards/README.md). With any candidate below {@code NEVER} the flags include every one
 * of the rules' own from that score: a model trained on other traffic cannot talk the detector out
 * of a diversion followed by a completed verification, or a report before the call alerted.
 */
final class StandingRules {
  /** Share of the validation positives the rules' verdict may cost against the best pair. */
  static final double MARGIN = 0.02;

  /** The pair chosen and what it does on the validation days. */
  record Choice(double rulesStand, double combined, long caught, long falsePositives) {}

  private StandingRules() {}

  /**
   * @param scored validation rows with {@code rule_score}, {@code score} (the combined score before
   *     any rule stands, {@link Detector#score}) and boolean {@code positive}
   * @param rulesThreshold the rules' own threshold: no lower rule score stands, nor one below
   *     {@link Thresholds#DEFAULT_RULES}
   * @param rate the share of legitimate rows the flags may take
   */
  static Choice choose(Dataset<Row> scored, double rulesThreshold, double rate) {
    double floor = Math.max(rulesThreshold, Thresholds.DEFAULT_RULES);
    // one scan for both class sizes: the budget counts legitimate rows, the margin positive ones
    Row classes = scored.agg(count_if(col("positive")), count_if(not(col("positive")))).first();
    long positives = classes.getLong(0);
    long negatives = classes.getLong(1);
    long allowed = (long) Math.floor(rate * negatives);
    // rows below both floors can be flagged by no candidate pair
    List<Row> rows = scored
        .where(col("rule_score").geq(floor).or(col("score").geq(Thresholds.MINIMUM)))
        .select(col("rule_score").cast("double"), col("score").cast("double"), col("positive"))
        .collectAsList();
    double[] rule = rows.stream().mapToDouble(row -> row.getDouble(0)).toArray();
    double[] combined = rows.stream().mapToDouble(row -> row.isNullAt(1) ? 0.0 : row.getDouble(1)).toArray();
    boolean[] positive = new boolean[rows.size()];
    TreeSet<Double> seen = new TreeSet<>();
    for (int i = 0; i < rows.size(); i++) {
      positive[i] = rows.get(i).getBoolean(2);
      if (rule[i] >= floor) {
        seen.add(rule[i]);
      }
    }
    List<Double> candidates = new ArrayList<>();
    double lowest = floor;
    for (double score : seen) {
      candidates.add(lowest);
      lowest = Math.nextUp(score);
    }
    candidates.add(Thresholds.NEVER);
    List<Choice> choices = new ArrayList<>();
    for (double stand : candidates) {
      Choice choice = withRulesStanding(stand, rule, combined, positive, allowed);
      if (choice != null) {
        choices.add(choice);
      }
    }
    long best = choices.stream().mapToLong(Choice::caught).max().orElseThrow();
    long needed = best - (long) Math.floor(MARGIN * positives);
    Choice standing = choices.stream().filter(choice -> choice.caught() >= needed)
        .min(Comparator.comparingDouble(Choice::rulesStand)).orElseThrow();
    return raised(standing, needed, rule, combined, positive);
  }

  /**
   * The choice with its combined threshold raised as far as its flags still catch {@code needed}:
   * the lowest threshold the budget allows is set by a handful of validation rows (three more frauds
   * for one more honest flag), and on other traffic the same step flags far more honest rows (on
   * another generator's, 73 more for 32 more spoofs; docs/model-cards/README.md).
   */
  private static Choice raised(Choice choice, long needed, double[] rule, double[] combined, boolean[] positive) {
    TreeSet<Double> higher = new TreeSet<>();
    for (double score : combined) {
      if (score >= choice.combined()) {
        higher.add(Math.nextUp(score));
      }
    }
    Choice raised = choice;
    for (double threshold : higher) {
      long[] flags = flags(choice.rulesStand(), threshold, rule, combined, positive);
      if (flags[0] < needed) {
        break;
      }
      raised = new Choice(choice.rulesStand(), threshold, flags[0], flags[1]);
    }
    return raised;
  }

  /** The combined threshold left by rules standing from {@code stand}; null when their flags alone overspend. */
  private static Choice withRulesStanding(double stand, double[] rule, double[] combined, boolean[] positive,
      long allowed) {
    long ruleFalsePositives = 0;
    double[] others = new double[rule.length];
    int count = 0;
    for (int i = 0; i < rule.length; i++) {
      if (!positive[i]) {
        if (rule[i] >= stand) {
          ruleFalsePositives++;
        } else {
          others[count++] = combined[i];
        }
      }
    }
    if (ruleFalsePositives > allowed) {
      return null;
    }
    long left = allowed - ruleFalsePositives;
    double[] legit = Arrays.copyOf(others, count);
    Arrays.sort(legit);
    double lowest = legit.length <= left ? Thresholds.MINIMUM
        : Math.max(Thresholds.MINIMUM, Math.nextUp(legit[legit.length - 1 - (int) left]));
    // of the thresholds the budget allows, the one whose flags most outnumber their false positives;
    // of equals, the one with fewest false positives (a step that adds as many honest flags as
    // frauds is not taken), then the lowest (where no validation row lies, the model is trusted)
    TreeSet<Double> candidates = new TreeSet<>(List.of(lowest));
    for (double score : combined) {
      if (score >= lowest) {
        candidates.add(Math.nextUp(score));
      }
    }
    double threshold = lowest;
    long caught = -1;
    long falsePositives = 0;
    for (double candidate : candidates) {
      long[] flags = flags(stand, candidate, rule, combined, positive);
      long gain = flags[0] - flags[1];
      long best = caught - falsePositives;
      if (caught < 0 || gain > best || (gain == best && flags[1] < falsePositives)) {
        threshold = candidate;
        caught = flags[0];
        falsePositives = flags[1];
      }
    }
    return new Choice(stand, threshold, caught, falsePositives);
  }

  /** Frauds caught and false positives of the flags from {@code stand} and {@code threshold}. */
  private static long[] flags(double stand, double threshold, double[] rule, double[] combined, boolean[] positive) {
    long caught = 0;
    long falsePositives = 0;
    for (int i = 0; i < rule.length; i++) {
      if (rule[i] >= stand || combined[i] >= threshold) {
        if (positive[i]) {
          caught++;
        } else {
          falsePositives++;
        }
      }
    }
    return new long[] {caught, falsePositives};
  }
}
