package io.flashguard.jobs.report;

import io.flashguard.core.tables.RouteMetricsTable;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * The report's charts as Apache ECharts options (plain data, written into the page as JSON and
 * drawn by the inlined ECharts with its SVG renderer). Tooltips use ECharts' rich-text mode, so no
 * value from the warehouse is ever parsed as HTML by the charts. Rates are in percent.
 */
final class Charts {
  private static final List<String> PALETTE = Palette.OKABE_ITO;
  private static final List<String> FAILURE_CLASSES = List.of(
      "fail_bad_number_rate", "fail_unreachable_rate", "fail_busy_rejected_rate", "fail_route_rate");
  static final List<String> FAILURE_LABELS = List.of(
      "bad number (404/484)", "unreachable (408/480)", "busy/rejected (486/600/603)", "route failure (5xx)");

  private Charts() {}

  /** CLI visibility per route of one country over the days of {@code trend} with data. */
  static Map<String, Object> visibilityTrend(List<Row> trend, String country) {
    List<Row> rows = trend.stream().filter(row -> Objects.equals(row.getAs("country"), country)).toList();
    List<String> days = new ArrayList<>(new TreeSet<>(rows.stream().map(row -> row.getAs("date").toString()).toList()));
    Map<String, Double[]> byRoute = new TreeMap<>();
    for (Row row : rows) {
      Double[] points = byRoute.computeIfAbsent(row.getAs("route_id"), route -> new Double[days.size()]);
      if (RouteMetricsTable.STATUS_OK.equals(row.getAs("cli_visibility_status"))) {
        points[days.indexOf(row.getAs("date").toString())] = Numbers.chartPercent(row.getAs("cli_visibility"));
      }
    }
    List<Object> series = new ArrayList<>();
    byRoute.forEach((route, points) -> series.add(map("name", route, "type", "line", "data", points,
        "connectNulls", false, "symbolSize", 6, "itemStyle", map("color", colour(route, byRoute.keySet())))));
    return base(map("type", "category", "data", days),
        map("type", "value", "name", "CLI visibility %", "min", 0, "max", 100), series);
  }

  /**
   * Verification success against cost per verified, one point per route of a country, sized by
   * calls; routes keep the colour they have in {@link #visibilityTrend} (both go by route id).
   */
  static Map<String, Object> successAgainstCost(List<Row> routes, List<String> routeIds, String currency) {
    long maxCalls = Math.max(1, routes.stream().mapToLong(row -> row.<Long>getAs("calls")).max().orElse(1));
    List<Object> series = new ArrayList<>();
    double minSuccess = 100;
    for (Row row : routes.stream().sorted(Comparator.comparing(row -> row.<String>getAs("route_id"))).toList()) {
      if (!ok(row, "verification_success_status") || !ok(row, "cost_status")) {
        continue;
      }
      long calls = row.getAs("calls");
      double cost = round(row.<Double>getAs("cost_per_verified"));
      double success = Numbers.chartPercent(row.getAs("verification_success"));
      minSuccess = Math.min(minSuccess, success);
      series.add(map("name", row.getAs("route_id"), "type", "scatter", "symbolSize", 10 + 36 * Math.sqrt((double) calls / maxCalls),
          "itemStyle", map("color", colour(row.getAs("route_id"), routeIds), "opacity", 0.8),
          "data", List.of(map("name", row.getAs("route_id"), "value", List.of(cost, success, calls)))));
    }
    // room around the bubbles: they are drawn centred on their point
    return base(map("type", "value", "name", "cost per verified" + (currency == null ? "" : " (" + currency + ")"),
            "min", 0, "boundaryGap", List.of(0, "25%"), "nameLocation", "middle", "nameGap", 28),
        map("type", "value", "name", "verification success %", "max", 100,
            "min", Math.max(0, Math.floor((minSuccess - 10) / 10) * 10)), series);
  }

  /** Share of calls per failure class, per route and country. */
  static Map<String, Object> failureClasses(List<Row> routes) {
    List<String> labels = routes.stream().map(Charts::routeLabel).toList();
    List<Object> series = new ArrayList<>();
    for (int i = 0; i < FAILURE_CLASSES.size(); i++) {
      String rate = FAILURE_CLASSES.get(i);
      List<Double> data = routes.stream().map(row -> {
        long calls = row.getAs("calls");
        return calls == 0 ? null : Numbers.chartPercent((double) row.<Long>getAs(rate + "_num") / calls);
      }).toList();
      series.add(map("name", FAILURE_LABELS.get(i), "type", "bar", "stack", "failures", "data", data));
    }
    Map<String, Object> option = base(map("type", "value", "name", "% of calls"),
        map("type", "category", "data", labels, "inverse", true), series);
    option.put("grid", map("left", 150, "right", 30, "top", 50, "bottom", 40));
    return option;
  }

  /** CLI visibility per destination country × route; cells without enough data are left empty. */
  static Map<String, Object> visibilityHeatMap(List<Row> routes) {
    List<String> routeIds = new ArrayList<>(new TreeSet<>(routes.stream().map(row -> row.<String>getAs("route_id")).toList()));
    List<String> countries = new ArrayList<>(new TreeSet<>(routes.stream().map(Charts::country).toList()));
    List<Object> cells = new ArrayList<>();
    List<Object> insufficient = new ArrayList<>();
    for (Row row : routes) {
      int x = routeIds.indexOf(row.<String>getAs("route_id"));
      int y = countries.indexOf(country(row));
      if (ok(row, "cli_visibility_status")) {
        cells.add(List.of(x, y, Numbers.chartPercent(row.getAs("cli_visibility"))));
      } else {
        insufficient.add(List.of(x, y, row.<Long>getAs("cli_visibility_den")));
      }
    }
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("animation", false);
    option.put("tooltip", map("renderMode", "richText", "position", "top"));
    option.put("grid", map("left", 60, "right", 20, "top", 20, "bottom", 110));
    option.put("xAxis", map("type", "category", "data", routeIds, "axisLabel", map("rotate", 40, "interval", 0)));
    option.put("yAxis", map("type", "category", "data", countries));
    option.put("visualMap", map("seriesIndex", 0, "min", 0, "max", 100, "calculable", false, "orient", "horizontal",
        "left", "center", "bottom", 0, "text", List.of("100% visible", "0%"),
        "inRange", map("color", List.of("#b2182b", "#fddbc7", "#1a9850"))));
    option.put("series", List.of(
        map("name", "CLI visibility %", "type", "heatmap", "data", cells, "label", map("show", true)),
        map("name", "too few verifications", "type", "heatmap", "data", insufficient,
            "itemStyle", map("color", "#e4e7ec"),
            "label", map("show", true, "formatter", "n={@[2]}", "color", "#5b6472", "fontSize", 10))));
    return option;
  }

  /** The day's burst windows per hour and app: requests against the usual requests of those windows. */
  static Map<String, Object> burstTimeline(List<Row> bursts) {
    List<String> hours = new ArrayList<>();
    for (int hour = 0; hour < 24; hour++) {
      hours.add(String.format(Locale.ROOT, "%02d:00", hour));
    }
    Map<String, Double[]> byApp = new LinkedHashMap<>();
    Double[] usual = new Double[24];
    for (Row burst : bursts) {
      if (burst.isNullAt(burst.fieldIndex("window_start"))) {
        continue;
      }
      int hour = burst.<Timestamp>getAs("window_start").toInstant().atZone(ZoneOffset.UTC).getHour();
      String app = burst.getAs("app_id") == null ? "unknown app" : burst.getAs("app_id");
      Double[] requests = byApp.computeIfAbsent(app, key -> new Double[24]);
      requests[hour] = (requests[hour] == null ? 0 : requests[hour]) + burst.<Double>getAs("requests");
      double baseline = burst.isNullAt(burst.fieldIndex("baseline")) ? 0 : burst.<Double>getAs("baseline");
      usual[hour] = (usual[hour] == null ? 0 : usual[hour]) + baseline;
    }
    List<Object> series = new ArrayList<>();
    byApp.forEach((app, requests) -> series.add(map("name", app, "type", "bar", "stack", "bursts", "data", requests)));
    series.add(map("name", "usual requests (baseline median)", "type", "scatter", "symbol", "rect",
        "symbolSize", List.of(18, 3), "itemStyle", map("color", "#444444"), "data", usual));
    return base(map("type", "category", "data", hours, "name", "hour (UTC)", "nameLocation", "middle", "nameGap", 28),
        map("type", "value", "name", "requests in the window"), series);
  }

  /** The colour of {@code route} among {@code routes}, by its position in their sorted order. */
  static String colour(String route, Collection<String> routes) {
    int index = new ArrayList<>(new TreeSet<>(routes)).indexOf(route);
    return PALETTE.get(Math.max(0, index) % PALETTE.size());
  }

  static String routeLabel(Row row) {
    return row.getAs("route_id") + " → " + country(row);
  }

  static String country(Row row) {
    return row.getAs("country") == null ? "unknown" : row.getAs("country");
  }

  private static boolean ok(Row row, String statusColumn) {
    return RouteMetricsTable.STATUS_OK.equals(row.getAs(statusColumn));
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  private static Map<String, Object> base(Map<String, Object> xAxis, Map<String, Object> yAxis, List<Object> series) {
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("animation", false);
    option.put("color", PALETTE);
    option.put("tooltip", map("renderMode", "richText", "trigger", "item"));
    option.put("legend", map("type", "scroll", "top", 0));
    option.put("grid", map("left", 60, "right", 30, "top", 50, "bottom", 50));
    option.put("xAxis", xAxis);
    option.put("yAxis", yAxis);
    option.put("series", series);
    return option;
  }

  /** An ordered JSON object from alternating keys and values. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
