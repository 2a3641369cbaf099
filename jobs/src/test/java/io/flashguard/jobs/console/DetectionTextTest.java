package io.flashguard.jobs.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.jobs.detection.EvaluateJob;
import io.flashguard.models.registry.ModelCard;
import io.flashguard.models.scoring.Thresholds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How thresholds, model cards and evaluations read on the console. */
class DetectionTextTest {
  @Test
  void aThresholdJustAboveAScoreSaysThatScoreIsNotFlagged() {
    assertThat(DetectionText.score(Math.nextUp(0.8))).as("flags no 0.8").isEqualTo("above 0.8000");
    assertThat(DetectionText.score(Math.nextUp(0.65))).as("flags no 0.65").isEqualTo("above 0.6500");
  }

  @Test
  void otherThresholdsReadToFourDecimals() {
    assertThat(DetectionText.score(0.5)).as("a round threshold").isEqualTo("0.5000");
    assertThat(DetectionText.score(0.8683939833846616)).as("rounded up: every score shown as flagged is")
        .isEqualTo("0.8684");
    assertThat(DetectionText.score(0.93679)).as("rounded up").isEqualTo("0.9368");
  }

  @Test
  void aRegisteredModelSaysWhatItLeansOnLargestFirst() {
    Map<String, Double> importances = new LinkedHashMap<>();
    for (String feature : List.of("a", "b", "c", "d", "e", "f")) {
      importances.put(feature, feature.equals("a") ? 0.5 : 0.1);
    }
    String text = DetectionText.modelCard(card(importances));
    assertThat(text).as("the five largest, in the card's order")
        .contains("model leans on a 0.500, b 0.100, c 0.100, d 0.100, e 0.100 (feature importances, top 5 of 6)")
        .doesNotContain(" f 0.100");
    assertThat(DetectionText.modelCard(card(Map.of()))).as("a version registered before importances were recorded")
        .doesNotContain("leans on");
  }

  @Test
  void anEvaluationSaysWhatEachModelLeansOnAndNothingForRulesAlone() {
    EvaluateJob.ErrorConcentrations none = new EvaluateJob.ErrorConcentrations(0, 0, List.of(), List.of());
    EvaluateJob.Evaluation evaluation = new EvaluateJob.Evaluation("2026-11-04", "2026-11-04", "the labels", List.of(
        new EvaluateJob.TypeEvaluation("spoofed_cli", "v1", Map.of("cli_altered", 1.0), Map.of(), null, none),
        new EvaluateJob.TypeEvaluation("pumping", null, Map.of(), Map.of(), null, none)));
    String text = DetectionText.evaluation(evaluation);
    assertThat(text).as("under the model's fraud type")
        .contains("spoofed_cli (model v1)" + System.lineSeparator()
            + "  model leans on cli_altered 1.000 (feature importances, top 1 of 1)");
    assertThat(text.substring(text.indexOf("pumping ("))).as("rules alone lean on no feature").doesNotContain("leans on");
  }

  private static ModelCard card(Map<String, Double> importances) {
    return new ModelCard("spoofed-cli", "v1", "spoofed_cli", "2026-11-02", "2026-11-04", List.of("2026-11-02"),
        List.of("2026-11-04"), List.copyOf(importances.keySet()), importances, Map.of(), 0.001,
        new Thresholds(0.7, 0.4, 0.5, Thresholds.NEVER), Map.of(), Map.of(), "test", "2026-11-25T00:00:00Z", List.of());
  }
}
