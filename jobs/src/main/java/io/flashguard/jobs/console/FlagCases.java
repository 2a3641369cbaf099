package io.flashguard.jobs.console;

import static org.apache.spark.sql.functions.col;

import io.flashguard.core.tables.FlagsTable;
import io.flashguard.core.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The top flagged verifications of some days, with their reasons, as text for the terminal. */
public final class FlagCases {
  private FlagCases() {}

  public static String render(SparkSession spark, Warehouse warehouse, LocalDate from, LocalDate to, int limit) {
    List<Row> cases = warehouse.read(spark, FlagsTable.TABLE, from, to)
        .where(col("flagged").and(col("verification_id").isNotNull()))
        .orderBy(col("score").desc(), col("verification_id"))
        .select("verification_id", "fraud_type", "score", "app_id", "phone_country", "reasons")
        .limit(limit).collectAsList();
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%nTop %d flagged verifications %s..%s:%n",
        cases.size(), from, to));
    for (Row flag : cases) {
      text.append(String.format(Locale.ROOT, "  %.3f  %-17s %-22s %s %s%n", flag.getDouble(2), flag.getString(1),
          flag.getString(0), flag.getString(3), flag.getString(4)));
      for (Object reason : flag.getList(5)) {
        text.append("           - ").append(reason).append('\n');
      }
    }
    return text.toString();
  }
}
