package io.flashguard.jobs.report;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.tables.WarehouseTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.export.SpreadsheetSafe;
import io.flashguard.models.FraudType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The day's fraud cases, ranked by score: one case per flagged verification (under its most likely
 * fraud type — the one whose score lies furthest above that type's own threshold, since each type's
 * scores sit on its own scale — the other flagged types beside it) and one per flagged burst window. The
 * verifications a burst window's flag passed on to are counted in the window's case, not listed
 * one by one: an analyst works the burst, not its thousand requests.
 */
public final class FraudCases {
  /** The columns of {@code fraud-cases.csv}, in order. */
  public static final List<String> COLUMNS = List.of("rank", "score", "threshold", "fraud_type", "other_fraud_types",
      "case_type", "case_id", "app_id", "country", "route_id", "event_time_utc", "verifications", "reasons",
      "model_version");

  static final String VERIFICATION = "verification";
  static final String WINDOW = "window";
  /** How reasons are joined in one CSV cell. */
  static final String REASON_SEPARATOR = " | ";

  private FraudCases() {}

  /** One day's cases, ranked, in the order of {@link #COLUMNS} (reasons and other types as arrays). */
  static Dataset<Row> of(SparkSession spark, Warehouse warehouse, LocalDate day) {
    Dataset<Row> flagged = warehouse.read(spark, FlagsTable.TABLE, day, day).where(col("flagged"));
    Column passedOn = col("fraud_type").equalTo(FraudType.PUMPING.label()).and(col("window_id").isNotNull());
    Dataset<Row> byVerification = flagged.where(col("verification_id").isNotNull().and(passedOn.unary_$bang()));
    Dataset<Row> types = byVerification.groupBy("verification_id").agg(collect_set("fraud_type").as("types"));
    Dataset<Row> verifications = byVerification
        .withColumn("n", row_number().over(Window.partitionBy("verification_id")
            .orderBy(col("score").minus(col("threshold")).desc(), col("fraud_type"))))
        .where(col("n").equalTo(1))
        .join(types, "verification_id")
        .select(col("score"), col("threshold"), col("fraud_type"),
            array_sort(array_except(col("types"), array(col("fraud_type")))).as("other_fraud_types"),
            lit(VERIFICATION).as("case_type"), col("verification_id").as("case_id"), col("app_id"),
            col("phone_country").as("country"), col("route_id"), col("event_time"), lit(1L).as("verifications"),
            col("reasons"), col("model_version"), col(WarehouseTable.DATE));
    Dataset<Row> inherited = flagged.where(passedOn.and(col("verification_id").isNotNull()))
        .groupBy("window_id").agg(count(lit(1)).as("verifications"));
    Dataset<Row> windows = flagged.where(col("verification_id").isNull())
        .join(inherited, "window_id", "left")
        .select(col("score"), col("threshold"), col("fraud_type"), lit(null).cast("array<string>").as("other_fraud_types"),
            lit(WINDOW).as("case_type"), col("window_id").as("case_id"), col("app_id"),
            col("phone_country").as("country"), col("route_id"), col("event_time"),
            coalesce(col("verifications"), lit(0L)).as("verifications"), col("reasons"), col("model_version"),
            col(WarehouseTable.DATE));
    return verifications.unionByName(windows)
        .withColumn("rank", row_number().over(Window.partitionBy(col(WarehouseTable.DATE))
            .orderBy(col("score").desc(), col("case_id"))))
        .select(col("rank"), col("score"), col("threshold"), col("fraud_type"), col("other_fraud_types"),
            col("case_type"), col("case_id"), col("app_id"), col("country"), col("route_id"),
            date_format(col("event_time"), "yyyy-MM-dd HH:mm:ss").as("event_time_utc"), col("verifications"),
            col("reasons"), col("model_version"))
        .orderBy("rank");
  }

  /**
   * Writes {@code cases} (from {@link #of}, sorted) as CSV, streamed through the driver in order, one
   * partition of the sort at a time, so the driver never holds more than one partition's cases: text
   * cells neutralised against formula injection, reasons joined with {@value #REASON_SEPARATOR}.
   * Returns the number of cases written.
   */
  static long writeCsv(Dataset<Row> cases, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    long written = 0;
    CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new))
        .setRecordSeparator("\n").get());
    for (Iterator<Row> rows = cases.toLocalIterator(); rows.hasNext(); ) {
      FraudCase c = FraudCase.of(rows.next());
      csv.printRecord(c.rank(), Numbers.score(c.score()), Numbers.score(c.threshold()), text(c.fraudType()),
          text(String.join(" ", c.otherFraudTypes())), text(c.caseType()), text(c.caseId()), text(c.appId()),
          text(c.country()), text(c.routeId()), text(c.eventTimeUtc()), c.verifications(),
          text(String.join(REASON_SEPARATOR, c.reasons())), text(c.modelVersion()));
      written++;
    }
    csv.flush();
    return written;
  }

  private static String text(String value) {
    return value == null ? "" : SpreadsheetSafe.cell(value);
  }
}
