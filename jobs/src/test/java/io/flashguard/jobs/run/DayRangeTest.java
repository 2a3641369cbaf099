package io.flashguard.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DayRangeTest {
  private static final LocalDate D = LocalDate.parse("2026-11-09");

  @Test
  void daysSplitIntoTheFewestUnbrokenSpansInOrder() {
    List<DayRange> spans = DayRange.spans(List.of(D.plusDays(5), D, D.plusDays(1), D.plusDays(2), D.plusDays(1)));
    assertThat(spans).as("a gap starts a new span; order and repeats do not matter")
        .containsExactly(new DayRange(D, D.plusDays(2)), new DayRange(D.plusDays(5), D.plusDays(5)));
    assertThat(spans).extracting(DayRange::toString).containsExactly("2026-11-09..2026-11-11", "2026-11-14");
    assertThat(spans.get(0).days()).containsExactly(D, D.plusDays(1), D.plusDays(2));
  }

  @Test
  void noDaysNoSpans() {
    assertThat(DayRange.spans(List.of())).isEmpty();
  }

  @Test
  void aSpanCannotEndBeforeItStarts() {
    assertThatThrownBy(() -> new DayRange(D, D.minusDays(1))).hasMessageContaining("2026-11-09..2026-11-08");
  }
}
