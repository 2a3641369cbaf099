package io.flashguard.models.rules;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Rules of one fraud type. The score combines the rules that hold as independent evidence,
 * {@code 1 - Π(1 - weight)}, so it lies in [0, 1), grows with every rule that holds and is 0 when
 * none does; the reasons are those rules' sentences, strongest first.
 */
public final class RuleSet {
  private final List<Rule> rules;

  public RuleSet(List<Rule> rules) {
    this.rules = rules.stream().sorted(Comparator.comparingDouble(Rule::weight).reversed()).toList();
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The rule score of a row, in [0, 1). */
  public Column score() {
    Column remaining = lit(1.0);
    for (Rule rule : rules) {
      remaining = remaining.multiply(when(holds(rule), 1.0 - rule.weight()).otherwise(1.0));
    }
    return lit(1.0).minus(remaining);
  }

  /** The sentences of the rules that hold, strongest first; an empty array when none does. */
  public Column reasons() {
    Column[] sentences = rules.stream().map(rule -> when(holds(rule), rule.reason())).toArray(Column[]::new);
    return filter(array(sentences), sentence -> sentence.isNotNull());
  }

  private static Column holds(Rule rule) {
    return coalesce(rule.condition(), lit(false));
  }
}
