package io.flashguard.jobs.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/** The notebooks' charts: JFreeChart's image of the series, inline as a PNG. */
class ChartTest {
  @Test
  void theImageIsAPngOfTheStatedSize() throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(
        Chart.titled("pr").xRange(0, 1).yRange(0, 1).line("model", List.of(0.0, 0.5, 1.0), List.of(1.0, 0.5, 0.0))
            .png()));

    assertThat(image).as("a PNG that decodes").isNotNull();
    assertThat(image.getWidth()).as("width").isEqualTo(720);
    assertThat(image.getHeight()).as("height").isEqualTo(320);
  }

  @Test
  void aNullValueBreaksTheLine() {
    Chart chart = Chart.titled("visibility").categories(List.of("d1", "d2", "d3", "d4")).yRange(0, 100)
        .line("route-a", Arrays.asList(50.0, null, 50.0, 50.0));
    ChartRenderingInfo info = new ChartRenderingInfo();
    JFreeChart drawn = chart.chart();
    BufferedImage image = drawn.createBufferedImage(720, 320, info);
    Rectangle2D area = info.getPlotInfo().getDataArea();
    XYPlot plot = drawn.getXYPlot();
    int y = (int) Math.round(plot.getRangeAxis().valueToJava2D(50, area, RectangleEdge.LEFT));

    assertThat(lineNear(image, x(plot, area, 2.5), y)).as("between d3 and d4: drawn").isTrue();
    assertThat(lineNear(image, x(plot, area, 0.5), y)).as("between d1 and the missing d2: not drawn").isFalse();
  }

  @Test
  void theImageCarriesItsTitleEscapedAsAlternativeText() {
    String html = Chart.titled("<script>alert(1)</script> & co").line("s", List.of(1.0)).html();

    assertThat(html).startsWith("<img alt=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; co\"")
        .contains("src=\"data:image/png;base64,").doesNotContain("<script>");
  }

  @Test
  void seriesOfUnequalLengthsAreRefused() {
    assertThatThrownBy(() -> Chart.titled("t").line("s", List.of(1, 2), List.of(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 x values and 1 y values");
  }

  private static int x(XYPlot plot, Rectangle2D area, double value) {
    return (int) Math.round(plot.getDomainAxis().valueToJava2D(value, area, RectangleEdge.BOTTOM));
  }

  /** A pixel of the first series' blue (anti-aliased, so only its hue) within 2 pixels of (x, y). */
  private static boolean lineNear(BufferedImage image, int x, int y) {
    for (int dy = -2; dy <= 2; dy++) {
      Color pixel = new Color(image.getRGB(x, y + dy));
      if (pixel.getBlue() - pixel.getRed() > 60 && pixel.getBlue() - pixel.getGreen() > 30) {
        return true;
      }
    }
    return false;
  }
}
