package io.flashguard.jobs.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How thresholds read on the console. */
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
}
