package io.flashguard.models.rules;

import org.apache.spark.sql.Column;

/**
 * One explainable rule: when {@code condition} holds, it adds evidence of weight {@code weight}
 * (0..1) and the human-readable {@code reason} (a string column, so it can quote the row's values).
 */
public record Rule(String name, double weight, Column condition, Column reason) {
  public Rule {
    if (!(weight > 0 && weight < 1)) {
      throw new IllegalArgumentException("rule " + name + ": weight must lie in (0, 1), was " + weight);
    }
  }
}
