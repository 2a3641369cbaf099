package io.flashguard.jobs.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {
  private static final Pattern CIRCLE = Pattern.compile("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"");

  @Test
  void aNullValueBreaksTheLineAndDrawsNoPoint() {
    String svg = SvgChart.titled("visibility").categories(List.of("d1", "d2", "d3", "d4"))
        .line("route-a", Arrays.asList(90.0, null, 80.0, 85.0)).svg();

    assertThat(svg).as("one path in two pieces: M a, M c L d").containsPattern("<path d=\"M[0-9.,]+ +M[0-9.,]+ L[0-9.,]+\"");
    assertThat(CIRCLE.matcher(svg).results().count()).as("points drawn").isEqualTo(3);
  }

  @Test
  void pointsLieInsideThePlotAndFollowTheGivenRanges() {
    String svg = SvgChart.titled("pr").xRange(0, 1).yRange(0, 1)
        .line("model", List.of(0.0, 0.5, 1.0), List.of(1.0, 0.5, 0.0)).svg();

    Matcher points = CIRCLE.matcher(svg);
    assertThat(points.find()).as("first point").isTrue();
    double leftX = Double.parseDouble(points.group(1));
    double topY = Double.parseDouble(points.group(2));
    assertThat(points.find()).as("second point").isTrue();
    double middleX = Double.parseDouble(points.group(1));
    double middleY = Double.parseDouble(points.group(2));
    assertThat(points.find()).as("third point").isTrue();
    double rightX = Double.parseDouble(points.group(1));
    double bottomY = Double.parseDouble(points.group(2));
    assertThat(middleX).as("x = 0.5 halfway").isCloseTo((leftX + rightX) / 2, org.assertj.core.data.Offset.offset(0.1));
    assertThat(middleY).as("y = 0.5 halfway").isCloseTo((topY + bottomY) / 2, org.assertj.core.data.Offset.offset(0.1));
    assertThat(topY).as("y = 1 above y = 0 (SVG y grows downwards)").isLessThan(bottomY);
    assertThat(leftX).as("first point inside the left edge").isGreaterThan(0);
    assertThat(rightX).as("last point inside the right edge").isLessThan(720);
    assertThat(svg).as("tick labels without trailing zeros").contains(">0.25<").contains(">0.5<").contains(">1<");
  }

  @Test
  void titlesLabelsAndSeriesNamesAreEscaped() {
    String svg = SvgChart.titled("<script>alert(1)</script>").axes("x & y", "\"quoted\"")
        .categories(List.of("<b>"))
        .line("route <img>", List.of(1.0)).svg();

    assertThat(svg).as("markup from titles, labels and names escaped").doesNotContain("<script>").doesNotContain("<img>").doesNotContain("<b>")
        .contains("&lt;script&gt;").contains("x &amp; y").contains("&quot;quoted&quot;").contains("route &lt;img&gt;");
  }

  @Test
  void seriesOfUnequalLengthsAreRefused() {
    assertThatThrownBy(() -> SvgChart.titled("t").line("s", List.of(1, 2), List.of(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 x values and 1 y values");
  }
}
