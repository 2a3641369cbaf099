package io.flashguard.jobs.report;

import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One ranked case of a day ({@link FraudCases}), as the page and the CSV read it: a flagged
 * verification under its most likely fraud type, or a flagged burst window.
 *
 * @param otherFraudTypes the verification's other flagged types; empty for a window
 * @param caseType {@code verification} or {@code window}
 * @param caseId the verification's or the window's id
 * @param verifications 1 for a verification; for a window, the verifications its flag was passed on to
 * @param reasons the detector's sentences for the case
 * @param modelVersion the model behind the score, or null for the rules alone
 */
record FraudCase(int rank, double score, double threshold, String fraudType, List<String> otherFraudTypes,
    String caseType, String caseId, String appId, String country, String routeId, String eventTimeUtc,
    long verifications, List<String> reasons, String modelVersion) {

  FraudCase {
    otherFraudTypes = otherFraudTypes == null ? List.of() : otherFraudTypes;
    reasons = reasons == null ? List.of() : reasons;
  }

  /** A row of {@link FraudCases#of}, read by column name. */
  static FraudCase of(Row row) {
    return new FraudCase(row.<Integer>getAs("rank"), row.<Double>getAs("score"), row.<Double>getAs("threshold"),
        row.getAs("fraud_type"), list(row, "other_fraud_types"), row.getAs("case_type"), row.getAs("case_id"),
        row.getAs("app_id"), row.getAs("country"), row.getAs("route_id"), row.getAs("event_time_utc"),
        row.<Long>getAs("verifications"), list(row, "reasons"), row.getAs("model_version"));
  }

  boolean isWindow() {
    return FraudCases.WINDOW.equals(caseType);
  }

  private static List<String> list(Row row, String column) {
    int field = row.fieldIndex(column);
    return row.isNullAt(field) ? null : row.getList(field);
  }
}
