package io.flashguard.jobs.notebook;

import io.flashguard.jobs.report.Html;
import io.flashguard.jobs.report.Palette;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line and point chart for notebooks, drawn by JFreeChart and shown inline as a PNG image
 * ({@link #html}): Jupyter keeps it in the saved notebook, and no script runs. Series are drawn in
 * the report's colours (Okabe–Ito); a null y value breaks a line. With {@link #categories} the x
 * values are positions 0, 1, … of those labels (days, hours).
 */
public final class Chart {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 320;

  private record Series(String name, List<Double> x, List<Double> y, boolean line) {}

  private final String title;
  private String xLabel = "";
  private String yLabel = "";
  private List<String> categories;
  private double[] xRange;
  private double[] yRange;
  private final List<Series> series = new ArrayList<>();

  private Chart(String title) {
    this.title = title;
  }

  public static Chart titled(String title) {
    return new Chart(title);
  }

  public Chart axes(String xLabel, String yLabel) {
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    return this;
  }

  /** Labels for x positions 0, 1, …; series then give those positions as x. */
  public Chart categories(List<String> labels) {
    this.categories = List.copyOf(labels);
    return this;
  }

  public Chart xRange(double min, double max) {
    this.xRange = new double[] {min, max};
    return this;
  }

  public Chart yRange(double min, double max) {
    this.yRange = new double[] {min, max};
    return this;
  }

  public Chart line(String name, List<? extends Number> x, List<? extends Number> y) {
    return add(name, x, y, true);
  }

  public Chart points(String name, List<? extends Number> x, List<? extends Number> y) {
    return add(name, x, y, false);
  }

  /** A line over the categories: {@code y.get(i)} at category {@code i}. */
  public Chart line(String name, List<? extends Number> y) {
    List<Integer> x = new ArrayList<>();
    for (int i = 0; i < y.size(); i++) {
      x.add(i);
    }
    return line(name, x, y);
  }

  private Chart add(String name, List<? extends Number> x, List<? extends Number> y, boolean line) {
    if (x.size() != y.size()) {
      throw new IllegalArgumentException("series " + name + " has " + x.size() + " x values and " + y.size() + " y values");
    }
    series.add(new Series(name, doubles(x), doubles(y), line));
    return this;
  }

  private static List<Double> doubles(List<? extends Number> values) {
    return values.stream().map(value -> value == null ? null : value.doubleValue()).toList();
  }

  /** The chart as PNG bytes, {@value #WIDTH} × {@value #HEIGHT} pixels. */
  public byte[] png() {
    try {
      return ChartUtils.encodeAsPNG(chart().createBufferedImage(WIDTH, HEIGHT));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode chart '" + title + "' as PNG", e);
    }
  }

  /** An {@code <img>} element holding the PNG, its title as the alternative text. */
  public String html() {
    return "<img alt=\"" + Html.text(title) + "\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
        + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png()) + "\"/>";
  }

  /** The JFreeChart the image is drawn from. */
  JFreeChart chart() {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    for (int s = 0; s < series.size(); s++) {
      Series one = series.get(s);
      // XYSeries keys must differ; the legend shows the name
      XYSeries xy = new XYSeries(s + ":" + one.name(), false, true);
      for (int i = 0; i < one.x().size(); i++) {
        if (one.x().get(i) != null) {
          xy.add(one.x().get(i), one.y().get(i)); // a null y breaks the line
        }
      }
      data.addSeries(xy);
      Color colour = Color.decode(Palette.OKABE_ITO.get(s % Palette.OKABE_ITO.size()));
      renderer.setSeriesPaint(s, colour);
      renderer.setSeriesLinesVisible(s, one.line());
      renderer.setSeriesShapesVisible(s, true);
      renderer.setSeriesStroke(s, new BasicStroke(1.5f));
      double radius = one.line() ? 2 : 3;
      renderer.setSeriesShape(s, new Ellipse2D.Double(-radius, -radius, 2 * radius, 2 * radius));
    }
    renderer.setLegendItemLabelGenerator((dataset, index) -> series.get(index).name());
    NumberAxis x = categories == null ? new NumberAxis(xLabel) : new SymbolAxis(xLabel, categories.toArray(String[]::new));
    NumberAxis y = new NumberAxis(yLabel);
    x.setAutoRangeIncludesZero(false);
    y.setAutoRangeIncludesZero(false);
    if (xRange != null) {
      x.setRange(xRange[0], xRange[1]);
    }
    if (yRange != null) {
      y.setRange(yRange[0], yRange[1]);
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xEEEEEE));
    plot.setRangeGridlinePaint(new Color(0xEEEEEE));
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT.deriveFont(13f), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}
