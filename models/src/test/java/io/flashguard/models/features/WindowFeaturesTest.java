package io.flashguard.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.WindowFeaturesTable;
import io.flashguard.testing.SparkTestBase;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Window features on literal attempts: baselines from earlier days, traffic shape of a burst. */
class WindowFeaturesTest extends SparkTestBase {
  private static final LocalDate DAY = LocalDate.parse("2026-11-03");

  private final List<Map<String, Object>> attempts = new ArrayList<>();

  @Test
  void burstIsMeasuredAgainstTheSameHourOfEarlierDays() {
    for (int i = 0; i < 30; i++) {
      attempt("burst-" + i, "n" + i, "block-1", "dev-pump", "2026-11-03T14:" + String.format("%02d", i) + ":00Z", false);
    }
    attempt("usual-1", "u1", "block-7", "dev-1", "2026-11-02T14:10:00Z", true);
    attempt("usual-2", "u2", "block-8", "dev-2", "2026-11-02T14:20:00Z", true);
    attempt("usual-3", "u3", "block-9", "dev-3", "2026-11-01T14:20:00Z", true);

    Row window = windows(List.of(DAY.minusDays(2), DAY.minusDays(1), DAY)).where("grain = 'range'").first();
    assertThat(window.<Long>getAs("requests")).as("requests in hour 14").isEqualTo(30L);
    assertThat(window.<Integer>getAs("baseline_periods")).as("hour 14 of the two days before").isEqualTo(2);
    assertThat(window.<Double>getAs("baseline_median")).as("median of 2 and 1").isEqualTo(1.5);
    assertThat(window.<Double>getAs("baseline_mad")).as("median of |2-1.5| and |1-1.5|").isEqualTo(0.5);
    assertThat(window.<Double>getAs("volume_ratio")).as("30 / 1.5").isCloseTo(20.0, within(1e-9));
    assertThat(window.<Long>getAs("span_requests")).as("hours 13 to 15").isEqualTo(30L);
    assertThat(window.<Double>getAs("span_volume_ratio")).as("30 / (3 × 1.5)").isCloseTo(30 / 4.5, within(1e-9));
    assertThat(window.<Double>getAs("sequential_score")).as("30 numbers in one block of 100")
        .isCloseTo(1 - 1 / 30.0, within(1e-9));
    assertThat(window.<Double>getAs("devices_per_request")).as("one device").isCloseTo(1 / 30.0, within(1e-9));
    assertThat(window.<Double>getAs("conversion")).as("none verified").isZero();
    assertThat(window.<String>getAs("window_id")).as("readable id").isEqualTo("range/app-a/range-1/2026-11-03T14");
  }

  @Test
  void burstStraddlingTheTopOfAnHourKeepsItsWholeSizeInTheSpan() {
    for (int i = 0; i < 12; i++) {
      attempt("late-" + i, "a" + i, "block-1", "dev-pump", "2026-11-03T13:" + (48 + i) + ":00Z", false);
      attempt("early-" + i, "b" + i, "block-1", "dev-pump", "2026-11-03T14:0" + (i % 10) + ":30Z", false);
    }
    List<Row> windows = windows(List.of(DAY)).where("grain = 'range'").orderBy("window_start").collectAsList();
    assertThat(windows).extracting(window -> window.<Long>getAs("requests")).as("split 12 + 12").containsExactly(12L, 12L);
    assertThat(windows).extracting(window -> window.<Long>getAs("span_requests")).as("each span sees all 24")
        .containsExactly(24L, 24L);
  }

  @Test
  void hourWithoutRequestsOnADayWithDataCountsAsZero() {
    attempt("today", "n1", "block-1", "dev-1", "2026-11-03T09:00:00Z", true);
    attempt("other-hour", "n2", "block-2", "dev-2", "2026-11-02T15:00:00Z", true);

    Row window = windows(List.of(DAY.minusDays(1), DAY)).where("grain = 'range'").first();
    assertThat(window.<Integer>getAs("baseline_periods")).as("yesterday has data").isEqualTo(1);
    assertThat(window.<Double>getAs("baseline_median")).as("no request in hour 9 yesterday").isZero();
  }

  @Test
  void firstDayOfDataHasNoBaseline() {
    attempt("today", "n1", "block-1", "dev-1", "2026-11-03T09:00:00Z", true);

    Row window = windows(List.of(DAY)).where("grain = 'country'").first();
    assertThat(window.<Integer>getAs("baseline_periods")).as("no earlier day").isZero();
    assertThat(window.<Double>getAs("volume_ratio")).as("requests over a floor of 1").isEqualTo(1.0);
    assertThat(window.<String>getAs("phone_range")).as("a country window spans all ranges").isNull();
    for (Row any : windows(List.of(DAY)).collectAsList()) {
      for (String feature : WindowFeaturesTable.NUMERIC) {
        assertThat(any.isNullAt(any.fieldIndex(feature))).as(feature + " of " + any.getAs("window_id") + " is filled")
            .isFalse();
      }
    }
  }

  @Test
  void weeklyBaselineIsUsedOnceTwoWeeksHaveData() {
    attempt("today", "n1", "block-1", "dev-1", "2026-11-03T09:00:00Z", true);
    attempt("week-1", "n2", "block-2", "dev-2", "2026-10-27T09:10:00Z", true);
    attempt("week-2a", "n3", "block-3", "dev-3", "2026-10-20T09:10:00Z", true);
    attempt("week-2b", "n4", "block-4", "dev-4", "2026-10-20T09:20:00Z", true);
    attempt("week-2c", "n5", "block-5", "dev-5", "2026-10-20T09:30:00Z", true);
    attempt("yesterday", "n6", "block-6", "dev-6", "2026-11-02T09:10:00Z", true);

    Row window = windows(List.of(LocalDate.parse("2026-10-20"), LocalDate.parse("2026-10-27"),
        DAY.minusDays(1), DAY)).where("grain = 'range' AND date = DATE'2026-11-03'").first();
    assertThat(window.<Integer>getAs("baseline_periods")).as("two weeks back, not yesterday").isEqualTo(2);
    assertThat(window.<Double>getAs("baseline_median")).as("median of 1 and 3").isEqualTo(2.0);
  }

  @Test
  void countryWindowsCountEveryRangeOfTheirHour() {
    attempt("today-1", "n1", "block-1", "dev-1", "2026-11-03T09:00:00Z", true);
    attempt("today-2", "n2", "block-2", "dev-2", "2026-11-03T09:10:00Z", true);
    attempts.get(attempts.size() - 1).put("phone_range", "range-2");
    attempt("yesterday-1", "n3", "block-3", "dev-3", "2026-11-02T09:10:00Z", true);
    attempt("yesterday-2", "n4", "block-4", "dev-4", "2026-11-02T09:20:00Z", true);
    attempts.get(attempts.size() - 1).put("phone_range", "range-2");
    attempt("yesterday-3", "n5", "block-5", "dev-5", "2026-11-02T09:30:00Z", true);
    attempts.get(attempts.size() - 1).put("phone_range", "range-2");

    List<Row> windows = windows(List.of(DAY.minusDays(1), DAY)).collectAsList();
    Row country = windows.stream().filter(window -> window.getAs("grain").equals("country")).findFirst().orElseThrow();
    assertThat(country.<Long>getAs("requests")).as("both ranges today").isEqualTo(2L);
    assertThat(country.<Double>getAs("baseline_median")).as("both ranges yesterday: 1 + 2").isEqualTo(3.0);
    assertThat(country.<Long>getAs("span_requests")).as("hours 8 to 10 of both ranges").isEqualTo(2L);
    Row range2 = windows.stream().filter(window -> "range-2".equals(window.getAs("phone_range"))).findFirst()
        .orElseThrow();
    assertThat(range2.<Double>getAs("baseline_median")).as("range-2 yesterday alone").isEqualTo(2.0);
  }

  @Test
  void aRequestJustAfterMidnightIsInItsHourThoughItsFirstEventWasTheDayBefore() {
    attempt("crossing", "n1", "block-1", "dev-1", "2026-11-02T23:59:50Z", true);
    attempts.get(attempts.size() - 1).put("requested_time", at("2026-11-03T00:00:05Z"));

    Row window = windows(List.of(DAY.minusDays(1), DAY)).where("grain = 'range'").first();
    assertThat(window.<String>getAs("window_id")).as("the request's hour").isEqualTo("range/app-a/range-1/2026-11-03T00");
    assertThat(window.<Long>getAs("requests")).as("the request, from an attempt dated the day before").isEqualTo(1L);
    assertThat(window.<Double>getAs("distinct_number_share")).as("its number counted too").isEqualTo(1.0);
  }

  @Test
  void distinctCountsLeaveMissingValuesOut() {
    attempt("with-device-1", "n1", "block-1", "dev-1", "2026-11-03T10:00:00Z", true);
    attempt("with-device-2", "n2", "block-1", "dev-1", "2026-11-03T10:10:00Z", true);
    attempt("without-device-1", "n3", "block-2", null, "2026-11-03T10:20:00Z", true);
    attempt("without-device-2", "n3", "block-2", null, "2026-11-03T10:30:00Z", true);

    Row window = windows(List.of(DAY)).where("grain = 'range'").first();
    assertThat(window.<Long>getAs("requests")).as("every request, with a device or without").isEqualTo(4L);
    assertThat(window.<Double>getAs("devices_per_request")).as("one device among four requests, two without one")
        .isCloseTo(0.25, within(1e-9));
    assertThat(window.<Double>getAs("distinct_number_share")).as("three numbers, one of them twice")
        .isCloseTo(0.75, within(1e-9));
    assertThat(window.<Double>getAs("sequential_score")).as("three numbers in two blocks")
        .isCloseTo(1 - 2 / 3.0, within(1e-9));
  }

  private org.apache.spark.sql.Dataset<Row> windows(List<LocalDate> daysWithData) {
    return WindowFeatures.compute(spark, frame(AttemptsTable.SCHEMA, attempts), daysWithData, DAY, DAY);
  }

  private void attempt(String id, String phone, String block, String device, String time, boolean verified) {
    attempts.add(row("verification_id", id, "app_id", "app-a", "phone_hash", phone, "phone_country", "ID",
        "phone_range", "range-1", "phone_block", block, "requested_time", at(time), "first_event_time", at(time),
        "device_id", device, "ip", "10.0.0.1", "ip_country", "ID", "call_count", 1, "report_count", verified ? 1 : 0,
        "cli_match", "none", "cli_outcome", "missing", "verified", verified, "fell_back_to_sms", false,
        "final_status", verified ? "VERIFIED" : "EXPIRED", "calls", List.of(),
        "date", Date.valueOf(time.substring(0, 10))));
  }
}
