package io.flashguard.models.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.tables.WindowFeaturesTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Traffic windows (the {@code window_features} table): app × destination range × hour and
 * app × country × hour, by request time, with the window's volume against a seasonal baseline and
 * the shape of its traffic.
 *
 * <p>The baseline of a window is the median (and median absolute deviation) of the same key's
 * requests in the same hour of the week over the {@link #BASELINE_WEEKS} previous weeks that have
 * data; with fewer than two such weeks it falls back to the same hour of each of the previous seven
 * days that have data, and with none to zero (and {@code baseline_periods = 0}). An hour in which a
 * key had no request counts as zero requests, as long as its day has data at all.
 *
 * <p>A scored window holds the requests of attempts dated its day or the day before: a request whose
 * verification's first event was two or more UTC days earlier is left out of it (but counted in
 * the spans and baselines, which read every attempt of the history).
 */
public final class WindowFeatures {
  public static final int BASELINE_WEEKS = 4;
  /** Earliest day a baseline for {@code from} can reach back to. */
  public static final int LOOKBACK_DAYS = 7 * BASELINE_WEEKS;
  /** Stands for "every range" in country windows while they are computed (null keys would not join). */
  private static final String ALL_RANGES = "*";
  /** Kinds of a window's neighbouring hours ({@link #neighbours}). */
  private static final String SPAN = "span";
  private static final String BASELINE = "baseline";

  private WindowFeatures() {}

  /**
   * Windows of the requests dated {@code from..to}, both grains.
   *
   * @param history attempts of {@code from - LOOKBACK_DAYS .. to}
   * @param daysWithData the days for which attempts exist, so an absent window there means zero requests
   */
  public static Dataset<Row> compute(SparkSession spark, Dataset<Row> history, Collection<LocalDate> daysWithData,
      LocalDate from, LocalDate to) {
    Column windowStart = date_trunc("hour", VerificationFeatures.requestTime()).as("window_start");
    // Of the history, the spans and the baselines need each window's request count alone: counted
    // per range, a country's summed from its ranges'. The scored windows' distinct counts and shares
    // are aggregated from the scored days' attempts only, where every branch once read the whole
    // history for them (docs/benchmarks.md, "the window features' fifteen scans"). An attempt is
    // dated by its first event, at or before its request, so a window's requests are among the
    // attempts of its day and the day before.
    Dataset<Row> rangeCounts = history.groupBy(col("app_id"), col("phone_country"), col("phone_range"), windowStart)
        .agg(count(lit(1)).as("requests"));
    Dataset<Row> countryCounts = rangeCounts.groupBy(col("app_id"), col("phone_country"), col("window_start"))
        .agg(sum("requests").cast("long").as("requests"))
        .select(col("app_id"), col("phone_country"), lit(ALL_RANGES).as("phone_range"), col("window_start"),
            col("requests"));
    Dataset<Row> scored = history.where(WarehouseTable.dateBetween(from.minusDays(1), to))
        .withColumn("window_start", windowStart)
        .where(to_date(col("window_start")).between(Date.valueOf(from), Date.valueOf(to)));
    Dataset<Row> neighbours = neighbours(spark, new TreeSet<>(daysWithData), from, to);
    Dataset<Row> range = windows(scored, rangeCounts, neighbours, WindowFeaturesTable.RANGE);
    Dataset<Row> country = windows(scored, countryCounts, neighbours, WindowFeaturesTable.COUNTRY);
    Dataset<Row> countryRatio = country.select(col("app_id"), col("phone_country"), col("window_start"),
        col("volume_ratio").as("country_volume_ratio"));
    return range.join(countryRatio, new String[] {"app_id", "phone_country", "window_start"}, "left")
        .unionByName(country.withColumn("country_volume_ratio", col("volume_ratio")))
        .select(schemaColumns());
  }

  /** The id of an app × range × hour window, readable in exports: {@code range/app/range hash/hour}. */
  public static Column rangeWindowId(Column app, Column range, Column windowStart) {
    return concat_ws("/", lit(WindowFeaturesTable.RANGE), app, substring(coalesce(range, lit("-")), 1, 12),
        date_format(windowStart, "yyyy-MM-dd'T'HH"));
  }

  private static Column countryWindowId(Column app, Column country, Column windowStart) {
    return concat_ws("/", lit(WindowFeaturesTable.COUNTRY), app, coalesce(country, lit("-")),
        date_format(windowStart, "yyyy-MM-dd'T'HH"));
  }

  /**
   * The number of different non-null values of {@code column} in the group, as {@code countDistinct}
   * says it, without the row expansion Spark plans for several distinct counts in one aggregation
   * (a copy of every request per count, 1.2 GB spilled at a million requests a day). The set holds
   * each value's 64-bit xxhash64, not the value (a pseudonymised number is 64 characters): about
   * three quarters of the window features' CPU at ten million verifications a day (docs/benchmarks.md,
   * "the window features' distinct counts over hashes"), as longs rather than boxed values
   * ({@link DistinctHashes}). Two values count as one only if their hashes collide: for a window of a
   * million different values, about once in 37 million such windows.
   */
  private static Column distinct(String column) {
    // never null (the count of no values is 0), as the table's column is declared
    return coalesce(DistinctHashes.count(when(col(column).isNotNull(), xxhash64(col(column)))), lit(0L));
  }

  /**
   * The windows of one grain.
   *
   * @param scored the requests of the scored windows
   * @param counts this grain's requests per window, over the whole history
   */
  private static Dataset<Row> windows(Dataset<Row> scored, Dataset<Row> counts, Dataset<Row> neighbours,
      String grain) {
    boolean byRange = grain.equals(WindowFeaturesTable.RANGE);
    Column[] keys = byRange
        ? new Column[] {col("app_id"), col("phone_country"), col("phone_range")}
        : new Column[] {col("app_id"), col("phone_country"), lit(ALL_RANGES).as("phone_range")};
    Dataset<Row> target = scored.groupBy(append(keys, col("window_start"))).agg(
        count(lit(1)).as("requests"),
        sum(when(col("verified"), 1).otherwise(0)).cast("long").as("verified_requests"),
        sum(when(col("report_count").gt(0), 1).otherwise(0)).as("reported_requests"),
        sum(when(VerificationFeatures.anyCallAnswered(), 1).otherwise(0)).as("answered_requests"),
        sum(when(col("ip_country").notEqual(col("phone_country")), 1).otherwise(0)).as("foreign_ip_requests"),
        distinct("phone_hash").as("distinct_numbers"),
        distinct("phone_block").as("distinct_blocks"),
        distinct("device_id").as("distinct_devices"),
        distinct("ip").as("distinct_ips"));
    Column requestsCount = col("requests").cast("double");
    Column windowId = byRange ? rangeWindowId(col("app_id"), col("phone_range"), col("window_start"))
        : countryWindowId(col("app_id"), col("phone_country"), col("window_start"));
    String[] windowKey = {"app_id", "phone_country", "phone_range", "window_start"};
    return target.join(spansAndBaselines(target, counts, neighbours), windowKey, "inner")
        .select(col("*"),
            windowId.as("window_id"),
            lit(grain).as("grain"),
            coalesce(col("median"), lit(0.0)).as("baseline_median"),
            coalesce(col("mad"), lit(0.0)).as("baseline_mad"),
            coalesce(col("periods"), lit(0)).as("baseline_periods"),
            log1p(requestsCount).as("log_requests"),
            requestsCount.divide(greatest(coalesce(col("median"), lit(0.0)), lit(1.0))).as("volume_ratio"),
            col("span_requests").divide(greatest(coalesce(col("median"), lit(0.0)).multiply(3), lit(1.0)))
                .as("span_volume_ratio"),
            requestsCount.minus(coalesce(col("median"), lit(0.0)))
                .divide(greatest(coalesce(col("mad"), lit(0.0)).multiply(1.4826), lit(1.0))).as("robust_z"),
            col("verified_requests").divide(requestsCount).as("conversion"),
            col("reported_requests").divide(requestsCount).as("report_share"),
            col("answered_requests").divide(requestsCount).as("answered_share"),
            col("distinct_numbers").divide(requestsCount).as("distinct_number_share"),
            when(col("distinct_numbers").leq(1), 0.0)
                .otherwise(lit(1.0).minus(col("distinct_blocks").divide(col("distinct_numbers")))).as("sequential_score"),
            col("distinct_devices").divide(requestsCount).as("devices_per_request"),
            col("distinct_ips").divide(requestsCount).as("ips_per_request"),
            col("foreign_ip_requests").divide(requestsCount).as("ip_country_differs_share"),
            to_date(col("window_start")).as(WarehouseTable.DATE));
  }

  /**
   * Each target window's span and baseline, from one join of its neighbouring hours with the counts.
   * The span is the key's requests in the hour before, the hour itself and the hour after: a burst
   * that straddles the top of an hour is split over two windows, but not over two spans. The
   * baseline is the median and MAD of the key's requests in its baseline hours ({@link #neighbours};
   * an hour without requests counts zero).
   */
  private static Dataset<Row> spansAndBaselines(Dataset<Row> target, Dataset<Row> counts, Dataset<Row> neighbours) {
    Dataset<Row> other = counts.select(col("app_id"), col("phone_country"), col("phone_range"),
        col("window_start").as("other_start"), col("requests").as("other_requests"));
    Column median = expr("CASE WHEN size(past) = 0 THEN NULL ELSE "
        + "(element_at(past, CAST(floor((size(past) + 1) / 2) AS INT)) "
        + "+ element_at(past, CAST(floor(size(past) / 2) + 1 AS INT))) / 2.0 END");
    Column baselineHour = col("kind").equalTo(BASELINE);
    Dataset<Row> withMedian = target.select(col("app_id"), col("phone_country"), col("phone_range"), col("window_start"))
        .join(neighbours, to_date(col("window_start")).equalTo(col("neighbour_date")))
        .withColumn("other_start", expr("window_start + make_interval(0, 0, 0, 0, hours, 0, 0)"))
        .join(other, new String[] {"app_id", "phone_country", "phone_range", "other_start"}, "left")
        .groupBy("app_id", "phone_country", "phone_range", "window_start")
        .agg(sum(when(not(baselineHour), col("other_requests"))).cast("long").as("span_requests"),
            // collect_list leaves out the nulls: the span's hours
            array_sort(collect_list(when(baselineHour, coalesce(col("other_requests"), lit(0L)).cast("double"))))
                .as("past"))
        .withColumn("median", median)
        .withColumn("periods", size(col("past")));
    return withMedian
        .withColumn("past", array_sort(transform(col("past"), value -> abs(value.minus(col("median"))))))
        .withColumn("mad", median)
        .drop("past");
  }

  /**
   * For each target day, the hours a window's span and baseline read, as offsets from the window's:
   * -1, 0 and +1 for the span; for the baseline, the same hour of the previous weeks if two of them
   * have data, else of each of the previous seven days with data.
   */
  private static Dataset<Row> neighbours(SparkSession spark, Set<LocalDate> days, LocalDate from, LocalDate to) {
    List<Row> rows = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      for (int hour = -1; hour <= 1; hour++) {
        rows.add(RowFactory.create(Date.valueOf(day), SPAN, hour));
      }
      List<Integer> weekly = new ArrayList<>();
      for (int week = 1; week <= BASELINE_WEEKS; week++) {
        if (days.contains(day.minusWeeks(week))) {
          weekly.add(24 * 7 * week);
        }
      }
      List<Integer> daily = new ArrayList<>();
      for (int back = 1; back <= 7; back++) {
        if (days.contains(day.minusDays(back))) {
          daily.add(24 * back);
        }
      }
      for (int lag : weekly.size() >= 2 ? weekly : daily) {
        rows.add(RowFactory.create(Date.valueOf(day), BASELINE, -lag));
      }
    }
    StructType schema = new StructType().add("neighbour_date", DataTypes.DateType).add("kind", DataTypes.StringType)
        .add("hours", DataTypes.IntegerType);
    return spark.createDataFrame(rows, schema);
  }

  private static Column[] append(Column[] columns, Column last) {
    Column[] all = Arrays.copyOf(columns, columns.length + 1);
    all[columns.length] = last;
    return all;
  }

  private static Column[] schemaColumns() {
    return Arrays.stream(WindowFeaturesTable.SCHEMA.fieldNames())
        .map(name -> name.equals("phone_range")
            ? when(col(name).notEqual(ALL_RANGES), col(name)).as(name) : col(name))
        .toArray(Column[]::new);
  }
}
