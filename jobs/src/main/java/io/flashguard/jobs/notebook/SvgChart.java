package io.flashguard.jobs.notebook;

import io.flashguard.jobs.report.Html;
import io.flashguard.jobs.report.Palette;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A small line and point chart as inline SVG, for notebooks: shown by Jupyter as it is, kept in
 * the saved notebook, no script. Series are drawn in the report's colours (Okabe–Ito); a null y
 * value breaks a line. With {@link #categories} the x values are positions 0, 1, … of those labels
 * (days, hours).
 */
public final class SvgChart {
  private static final List<String> PALETTE = Palette.OKABE_ITO;
  private static final int WIDTH = 720;
  private static final int HEIGHT = 320;
  private static final int LEFT = 64;
  private static final int RIGHT = 180;
  private static final int TOP = 32;
  private static final int BOTTOM = 48;

  private record Series(String name, List<Double> x, List<Double> y, boolean line) {}

  private final String title;
  private String xLabel = "";
  private String yLabel = "";
  private List<String> categories;
  private Double xMin;
  private Double xMax;
  private Double yMin;
  private Double yMax;
  private final List<Series> series = new ArrayList<>();

  private SvgChart(String title) {
    this.title = title;
  }

  public static SvgChart titled(String title) {
    return new SvgChart(title);
  }

  public SvgChart axes(String xLabel, String yLabel) {
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    return this;
  }

  /** Labels for x positions 0, 1, …; series then give those positions as x. */
  public SvgChart categories(List<String> labels) {
    this.categories = List.copyOf(labels);
    return this;
  }

  public SvgChart xRange(double min, double max) {
    this.xMin = min;
    this.xMax = max;
    return this;
  }

  public SvgChart yRange(double min, double max) {
    this.yMin = min;
    this.yMax = max;
    return this;
  }

  public SvgChart line(String name, List<? extends Number> x, List<? extends Number> y) {
    return add(name, x, y, true);
  }

  public SvgChart points(String name, List<? extends Number> x, List<? extends Number> y) {
    return add(name, x, y, false);
  }

  /** A line over the categories: {@code y.get(i)} at category {@code i}. */
  public SvgChart line(String name, List<? extends Number> y) {
    List<Integer> x = new ArrayList<>();
    for (int i = 0; i < y.size(); i++) {
      x.add(i);
    }
    return line(name, x, y);
  }

  private SvgChart add(String name, List<? extends Number> x, List<? extends Number> y, boolean line) {
    if (x.size() != y.size()) {
      throw new IllegalArgumentException("series " + name + " has " + x.size() + " x values and " + y.size() + " y values");
    }
    series.add(new Series(name, doubles(x), doubles(y), line));
    return this;
  }

  private static List<Double> doubles(List<? extends Number> values) {
    return values.stream().map(value -> value == null ? null : value.doubleValue()).toList();
  }

  public String svg() {
    double[] xs = range(series.stream().flatMap(s -> s.x().stream()).filter(Objects::nonNull).toList(),
        categories == null ? xMin : Double.valueOf(0), categories == null ? xMax : Double.valueOf(Math.max(1, categories.size() - 1)));
    double[] ys = range(series.stream().flatMap(s -> s.y().stream()).filter(Objects::nonNull).toList(), yMin, yMax);
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append(text(LEFT, 18, "start", "13", title));
    int plotRight = WIDTH - RIGHT;
    int plotBottom = HEIGHT - BOTTOM;
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
        LEFT, TOP, plotRight - LEFT, plotBottom - TOP));
    for (int i = 0; i <= 4; i++) {
      double value = ys[0] + (ys[1] - ys[0]) * i / 4;
      double y = py(value, ys);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
          LEFT, plotRight, y, y));
      svg.append(text(LEFT - 6, y + 4, "end", "11", number(value)));
    }
    if (categories != null) {
      int step = Math.max(1, (int) Math.ceil(categories.size() / 8.0));
      for (int i = 0; i < categories.size(); i += step) {
        svg.append(text(px(i, xs), plotBottom + 16, "middle", "11", categories.get(i)));
      }
    } else {
      for (int i = 0; i <= 4; i++) {
        double value = xs[0] + (xs[1] - xs[0]) * i / 4;
        svg.append(text(px(value, xs), plotBottom + 16, "middle", "11", number(value)));
      }
    }
    svg.append(text((LEFT + plotRight) / 2.0, HEIGHT - 10, "middle", "11", xLabel));
    svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
        (TOP + plotBottom) / 2, (TOP + plotBottom) / 2, Html.text(yLabel)));
    for (int s = 0; s < series.size(); s++) {
      Series one = series.get(s);
      String colour = PALETTE.get(s % PALETTE.size());
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < one.x().size(); i++) {
        Double x = one.x().get(i);
        Double y = one.y().get(i);
        if (x == null || y == null) {
          path.append(' ');
          continue;
        }
        String point = String.format(Locale.ROOT, "%.1f,%.1f", px(x, xs), py(y, ys));
        if (one.line()) {
          path.append(path.isEmpty() || path.charAt(path.length() - 1) == ' ' ? " M" : " L").append(point);
        }
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"/>%n",
            px(x, xs), py(y, ys), one.line() ? "2" : "3", colour));
      }
      if (one.line() && !path.isEmpty()) {
        svg.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"").append(colour)
            .append("\" stroke-width=\"1.5\"/>\n");
      }
      int legendY = TOP + 8 + 16 * s;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n",
          plotRight + 12, legendY - 8, colour));
      svg.append(text(plotRight + 28, legendY + 1, "start", "11", one.name()));
    }
    return svg.append("</svg>").toString();
  }

  private static double[] range(List<Double> values, Double min, Double max) {
    double low = min != null ? min : values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double high = max != null ? max : values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    if (high <= low) {
      high = low + 1;
    }
    return new double[] {low, high};
  }

  private static double px(double x, double[] xs) {
    return LEFT + (x - xs[0]) / (xs[1] - xs[0]) * (WIDTH - RIGHT - LEFT);
  }

  private static double py(double y, double[] ys) {
    return HEIGHT - BOTTOM - (y - ys[0]) / (ys[1] - ys[0]) * (HEIGHT - BOTTOM - TOP);
  }

  private static String number(double value) {
    if (Math.abs(value) >= 100 || value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", value)).stripTrailingZeros().toPlainString();
  }

  private static String text(double x, double y, String anchor, String size, String content) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%s\">%s</text>%n",
        x, y, anchor, size, Html.text(content));
  }
}
