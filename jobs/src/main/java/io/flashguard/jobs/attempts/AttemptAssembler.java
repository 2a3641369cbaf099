package io.flashguard.jobs.attempts;

import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.VerificationEventsTable;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One verification's events and the CDR legs of its calls, assembled in one pass: the facts of its
 * own events (first event, request, terminal status), each CALL_PLACED event with the legs of its key
 * (a call per leg, or one without a leg), each report matched with the call it answers, and the calls
 * with what their reports said. {@link AttemptsJob} derives the table's columns from what this returns.
 *
 * <p>Values compare as Spark SQL compares them, so the result is the one its aggregates would give:
 * structs field by field with nulls first, strings by code point (UTF-8 byte order), and a condition
 * that is SQL NULL is not met.
 */
final class AttemptAssembler implements MapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The event type of an entry that is a CDR leg, not an event: its fields are the leg's facts. */
  static final String LEG = "LEG";
  /** The key by which a CALL_PLACED event and the legs of its call meet. */
  static final String LEG_KEY = "leg_key";

  static final StructType FIRST = new StructType()
      .add("event_time", DataTypes.TimestampType).add("event_id", DataTypes.StringType)
      .add("app_id", DataTypes.StringType).add("phone_hash", DataTypes.StringType)
      .add("phone_country", DataTypes.StringType).add("phone_type", DataTypes.StringType)
      .add("phone_range", DataTypes.StringType).add("phone_block", DataTypes.StringType);
  static final StructType REQUEST = new StructType()
      .add("event_time", DataTypes.TimestampType).add("event_id", DataTypes.StringType)
      .add("method", DataTypes.StringType).add("device_id", DataTypes.StringType)
      .add("device_platform", DataTypes.StringType).add("ip", DataTypes.StringType)
      .add("ip_country", DataTypes.StringType);
  static final StructType TERMINAL = new StructType()
      .add("event_time", DataTypes.TimestampType).add("priority", DataTypes.IntegerType)
      .add("event_type", DataTypes.StringType);
  static final StructType FAILURE = new StructType()
      .add("event_time", DataTypes.TimestampType).add("event_id", DataTypes.StringType)
      .add("failure_reason", DataTypes.StringType);
  static final StructType FIRST_REPORT = new StructType()
      .add("report_time", DataTypes.TimestampType).add("report_id", DataTypes.StringType)
      .add("report_source", DataTypes.StringType);
  static final StructType LAST_REPORT = new StructType()
      .add("report_time", DataTypes.TimestampType).add("report_id", DataTypes.StringType)
      .add("device_id", DataTypes.StringType).add("ip_country", DataTypes.StringType);

  /** What one verification assembles to, before the table's columns are derived from it. */
  static final StructType SCHEMA = new StructType()
      .add("verification_id", DataTypes.StringType, false)
      .add("first_event_time", DataTypes.TimestampType, false)
      .add("first", FIRST)
      .add("request", REQUEST)
      .add("verified_time", DataTypes.TimestampType)
      .add("fallback_time", DataTypes.TimestampType)
      .add("last_terminal", TERMINAL)
      .add("last_failure", FAILURE)
      .add("calls", DataTypes.createArrayType(AttemptsTable.CALL))
      .add("call_cost", DataTypes.createDecimalType(28, 6))
      .add("max_diversion_count", DataTypes.IntegerType)
      .add("any_connected_differs", DataTypes.BooleanType)
      .add("report_count", DataTypes.IntegerType)
      .add("first_report", FIRST_REPORT)
      .add("last_report", LAST_REPORT)
      .add("reported_before_alert", DataTypes.BooleanType);

  /** Final SIP responses of a call refused before the called phone rang: not found, service unavailable. */
  private static final Set<Integer> REFUSED_BEFORE_RINGING = Set.of(404, 503);
  private static final int CANCELLED = 487;
  private static final long MICROS_PER_SECOND = 1_000_000L;

  /** Struct order as Spark's: field by field, nulls first. */
  static final Comparator<Object[]> STRUCT_ORDER = AttemptAssembler::compareStructs;

  private final EntryFields in;

  AttemptAssembler(StructType entrySchema) {
    this.in = new EntryFields(entrySchema);
  }

  @Override
  public Row call(String verificationId, Iterator<Row> rows) {
    Object[] first = null;
    Object[] request = null;
    Object[] lastTerminal = null;
    Object[] lastFailure = null;
    Object firstEventTime = null;
    Object verifiedTime = null;
    Object fallbackTime = null;
    List<Row> placed = new ArrayList<>();
    Map<String, List<Row>> legs = new HashMap<>();
    List<Report> reports = new ArrayList<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      String type = row.getString(in.eventType);
      if (type.equals(LEG)) {
        legs.computeIfAbsent(row.getString(in.legKey), key -> new ArrayList<>(1)).add(row);
        continue;
      }
      Object time = row.get(in.eventTime);
      firstEventTime = least(firstEventTime, time);
      first = leastStruct(first, new Object[] {time, row.get(in.eventId), row.get(in.appId), row.get(in.phoneHash),
          row.get(in.phoneCountry), row.get(in.phoneType), row.get(in.phoneRange), row.get(in.phoneBlock)});
      switch (type) {
        case "REQUESTED" -> request = leastStruct(request, new Object[] {time, row.get(in.eventId),
            row.get(in.method), row.get(in.deviceId), row.get(in.devicePlatform), row.get(in.ip), row.get(in.ipCountry)});
        case "CALL_PLACED" -> placed.add(row);
        case "CLI_REPORTED" -> reports.add(new Report(row, in));
        case "VERIFIED" -> verifiedTime = least(verifiedTime, time);
        case "FALLBACK_SMS" -> fallbackTime = least(fallbackTime, time);
        default -> { }
      }
      int priority = switch (type) {
        case "VERIFIED" -> 3;
        case "FALLBACK_SMS" -> 2;
        case "EXPIRED" -> 1;
        case "FAILED" -> 0;
        default -> -1;
      };
      if (priority >= 0) {
        lastTerminal = greatestStruct(lastTerminal, new Object[] {time, priority, type});
      }
      if (type.equals("FAILED")) {
        lastFailure = greatestStruct(lastFailure, new Object[] {time, row.get(in.eventId), row.get(in.failureReason)});
      }
    }

    // a call per leg of its key, as a left join of the events with the legs would give
    List<Call> calls = new ArrayList<>(placed.size());
    for (Row event : placed) {
      List<Row> its = event.isNullAt(in.legKey) ? null : legs.get(event.getString(in.legKey));
      if (its == null) {
        calls.add(new Call(event, null, in));
      } else {
        its.forEach(leg -> calls.add(new Call(event, leg, in)));
      }
    }

    Map<String, CallReports> byCall = new HashMap<>();
    Object[] firstReport = null;
    Object[] lastReport = null;
    boolean anyBeforeAlert = false;
    for (Report report : reports) {
      report.answer(calls);
      if (report.call != null) {
        byCall.computeIfAbsent(report.call.callId, id -> new CallReports()).add(report);
      }
      firstReport = leastStruct(firstReport, new Object[] {report.time, report.id, report.source});
      lastReport = greatestStruct(lastReport, new Object[] {report.time, report.id, report.deviceId, report.ipCountry});
      anyBeforeAlert |= report.beforeAlert;
    }

    List<Object[]> callStructs = new ArrayList<>(calls.size());
    BigDecimal cost = null;
    Integer maxDiversions = null;
    Boolean anyConnectedDiffers = null;
    for (Call call : calls) {
      callStructs.add(call.withReports(byCall.get(call.callId)));
      if (call.cost != null) {
        cost = cost == null ? call.cost : cost.add(call.cost);
      }
      if (call.diversionCount != null) {
        maxDiversions = maxDiversions == null ? call.diversionCount : Math.max(maxDiversions, call.diversionCount);
      }
      if (call.connectedDiffers != null) {
        anyConnectedDiffers = anyConnectedDiffers == null ? call.connectedDiffers : anyConnectedDiffers || call.connectedDiffers;
      }
    }
    callStructs.sort(STRUCT_ORDER);
    // a Scala sequence: what Spark's row encoder reads an array from when it interprets its expressions
    scala.collection.immutable.Seq<Row> callRows = null;
    if (!calls.isEmpty()) {
      Row[] elements = new Row[callStructs.size()];
      for (int i = 0; i < elements.length; i++) {
        elements[i] = RowFactory.create(callStructs.get(i));
      }
      callRows = scala.collection.immutable.ArraySeq.unsafeWrapArray(elements);
    }
    boolean anyReport = !reports.isEmpty();
    return RowFactory.create(verificationId, firstEventTime, struct(first), struct(request), verifiedTime, fallbackTime,
        struct(lastTerminal), struct(lastFailure), callRows,
        cost == null ? null : cost.setScale(6), maxDiversions, anyConnectedDiffers,
        anyReport ? reports.size() : null, struct(firstReport), struct(lastReport), anyReport ? anyBeforeAlert : null);
  }

  /** A call of the verification: its CALL_PLACED event with its leg, if the CDR has one. */
  private static final class Call {
    final Object placedTime;
    final long placedMicros;
    final String callId;
    final Object routeId;
    final Integer codeLength;
    final boolean cdrFound;
    final Object sipCode;
    final Object alertTime;
    /** When the call alerted on the platform's clock (see {@link #platformAlertMicros}); null if unknown. */
    final Long alertMicros;
    final Boolean alerted;
    final Boolean answered;
    final Integer diversionCount;
    final Boolean connectedDiffers;
    final BigDecimal cost;
    final String expectedHash;
    final String expectedStemHash;
    final List<Integer> expectedTypoKeys;
    final List<Integer> expectedDigitsKeys;

    /** The call of a CALL_PLACED event and one leg of it, or none ({@code leg} null). */
    Call(Row event, Row leg, EntryFields in) {
      placedTime = event.get(in.eventTime);
      placedMicros = micros(placedTime);
      // the event's call id, else the leg's (a call found by verification, route and CLI), else the event's id
      String id = event.getString(in.callId);
      Object legCallId = fact(leg, in.callId);
      callId = id != null ? id : legCallId != null ? (String) legCallId : event.getString(in.eventId);
      routeId = event.get(in.routeId);
      codeLength = (Integer) event.get(in.codeLength);
      cdrFound = Boolean.TRUE.equals(fact(leg, in.cdrFound));
      sipCode = fact(leg, in.sipCode);
      alertTime = fact(leg, in.alertTime);
      alertMicros = platformAlertMicros(alertTime, fact(leg, in.startTime), placedMicros);
      alerted = alerted(alertTime, (Boolean) fact(leg, in.alertTimeAvailable), (Integer) sipCode);
      answered = (Boolean) fact(leg, in.answered);
      diversionCount = (Integer) fact(leg, in.diversionCount);
      connectedDiffers = (Boolean) fact(leg, in.connectedDiffers);
      cost = (BigDecimal) fact(leg, in.cost);
      expectedHash = event.getString(in.expectedHash);
      expectedStemHash = event.getString(in.expectedStemHash);
      expectedTypoKeys = event.isNullAt(in.expectedTypoKeys) ? null : event.getList(in.expectedTypoKeys);
      expectedDigitsKeys = event.isNullAt(in.expectedDigitsKeys) ? null : event.getList(in.expectedDigitsKeys);
    }

    /** A field of the leg, null for a call without one. */
    private static Object fact(Row leg, int field) {
      return leg == null ? null : leg.get(field);
    }

    /**
     * Whether the call alerted: yes with an alert time; no where the leg was refused before ringing
     * (404, 503) whatever its format, or where it failed (a final response of 400 or more other than
     * 487, our own cancel) without an alert time in a format that carries them; otherwise unknown
     * (null), as for a call whose leg is not in the CDR. A leg we cancelled without an alert time is
     * unknown: a flash call is cancelled once it rings, and a switch that missed the ringing (early
     * media, a lost 180) must not make its honest handsets' reports read as impossible.
     */
    private static Boolean alerted(Object alertTime, Boolean alertTimeAvailable, Integer sipCode) {
      if (alertTime != null) {
        return true;
      }
      if (sipCode != null && (REFUSED_BEFORE_RINGING.contains(sipCode)
          || (Boolean.TRUE.equals(alertTimeAvailable) && sipCode >= 400 && sipCode != CANCELLED))) {
        return false;
      }
      return null;
    }

    /**
     * The alert as the platform's clock would have recorded it, so that reports (platform) compare
     * with it: the switch's alert time, or the CALL_PLACED time plus the switch's own post-dial delay
     * (alert − start) where that is earlier. A platform clock behind the switch's then cannot make
     * honest reports look early; one ahead of it, or a CALL_PLACED logged late, moves nothing.
     */
    private static Long platformAlertMicros(Object alertTime, Object startTime, long placedMicros) {
      if (alertTime == null) {
        return null;
      }
      long alert = micros(alertTime);
      return startTime == null ? alert : Math.min(alert, placedMicros + alert - micros(startTime));
    }

    Long pddMs() {
      return alertMicros == null ? null : Math.floorDiv(alertMicros, 1000L) - Math.floorDiv(placedMicros, 1000L);
    }

    /** The call as an element of {@code attempts.calls}. */
    Object[] withReports(CallReports reports) {
      CallReports r = reports == null ? new CallReports() : reports;
      return new Object[] {placedTime, callId, routeId, codeLength, cdrFound, sipCode, alerted,
          answered != null && answered, pddMs(), diversionCount, connectedDiffers,
          r.reports, r.exact, r.codeTypo, r.different, r.unparseable, r.beforeAlert, r.firstReportTime, cost, r.typo};
    }
  }

  /** What the reports answering one call id said of it. */
  private static final class CallReports {
    int reports;
    int exact;
    int codeTypo;
    int typo;
    int different;
    int unparseable;
    int beforeAlert;
    Object firstReportTime;

    void add(Report report) {
      reports++;
      switch (report.match) {
        case AttemptsTable.MATCH_EXACT -> exact++;
        case AttemptsTable.MATCH_CODE_TYPO -> codeTypo++;
        case AttemptsTable.MATCH_TYPO -> typo++;
        case AttemptsTable.MATCH_DIFFERENT -> different++;
        case AttemptsTable.MATCH_UNPARSEABLE -> unparseable++;
        default -> { }
      }
      if (report.beforeAlert) {
        beforeAlert++;
      }
      firstReportTime = least(firstReportTime, report.time);
    }
  }

  /** A CLI_REPORTED event, and once {@link #answer} ran, the call it answers and how its CLI compares. */
  private static final class Report {
    final Object time;
    final long timeMicros;
    final Object id;
    final String hash;
    final List<String> stemHashes;
    final List<Integer> typoKeys;
    final Integer digitsKey;
    final Boolean valid;
    final Object source;
    final Object deviceId;
    final Object ipCountry;
    Call call;
    String match;
    boolean beforeAlert;

    Report(Row row, EntryFields in) {
      time = row.get(in.eventTime);
      timeMicros = micros(time);
      id = row.get(in.eventId);
      hash = row.getString(in.reportedHash);
      stemHashes = row.isNullAt(in.reportedStemHashes) ? null : row.getList(in.reportedStemHashes);
      typoKeys = row.isNullAt(in.reportedTypoKeys) ? null : row.getList(in.reportedTypoKeys);
      digitsKey = (Integer) row.get(in.reportedDigitsKey);
      valid = (Boolean) row.get(in.reportedValid);
      source = row.get(in.reportSource);
      deviceId = row.get(in.deviceId);
      ipCountry = row.get(in.ipCountry);
    }

    /**
     * The call it answers: the latest placed at or before it, else the nearest after it (ties by
     * call id); then how its CLI compares with that call's (the order of the checks is the
     * table's, docs/tables.md).
     */
    void answer(List<Call> calls) {
      long reportMillis = Math.floorDiv(timeMicros, 1000L);
      for (Call candidate : calls) {
        if (call == null || answersBetter(candidate, call, reportMillis)) {
          call = candidate;
        }
      }
      // written without a "+" and read in the verified number's country, our CLI of another country
      // (or one written oddly) hashes as another number; its digits are still ours
      boolean ourDigits = call != null && call.expectedDigitsKeys != null && digitsKey != null
          && call.expectedDigitsKeys.contains(digitsKey);
      if (Boolean.FALSE.equals(valid) && !ourDigits) {
        match = AttemptsTable.MATCH_UNPARSEABLE;
      } else if (call == null) {
        match = AttemptsTable.MATCH_NONE;
      } else if ((hash != null && hash.equals(call.expectedHash)) || ourDigits) {
        match = AttemptsTable.MATCH_EXACT;
      } else if (call.expectedStemHash != null && call.expectedStemHash.equals(stemForCode(call.codeLength))) {
        match = AttemptsTable.MATCH_CODE_TYPO;
      } else if (typoKeys != null && call.expectedTypoKeys != null && overlap(typoKeys, call.expectedTypoKeys)) {
        match = AttemptsTable.MATCH_TYPO;
      } else {
        match = AttemptsTable.MATCH_DIFFERENT;
      }
      // a report for a call that never alerted came before its alert too; with the alert unknown, it did not
      beforeAlert = call != null && (Boolean.FALSE.equals(call.alerted)
          || (call.alertMicros != null && timeMicros < call.alertMicros - resolution(timeMicros, micros(call.alertTime))));
    }

    /**
     * How far apart two times must be to tell their order: a second where either is written to the
     * second (the formats allow {@code yyyy-MM-dd HH:mm:ss}; an honest report in the alert's second
     * may be written before it), otherwise nothing.
     */
    private static long resolution(long reportMicros, long alertMicros) {
      return Math.floorMod(reportMicros, MICROS_PER_SECOND) == 0 || Math.floorMod(alertMicros, MICROS_PER_SECOND) == 0
          ? MICROS_PER_SECOND : 0L;
    }

    private boolean answersBetter(Call a, Call b, long reportMillis) {
      int before = Boolean.compare(a.placedMicros > timeMicros, b.placedMicros > timeMicros);
      if (before != 0) {
        return before < 0;
      }
      int distance = Long.compare(Math.abs(reportMillis - Math.floorDiv(a.placedMicros, 1000L)),
          Math.abs(reportMillis - Math.floorDiv(b.placedMicros, 1000L)));
      if (distance != 0) {
        return distance < 0;
      }
      // past the call id (two legs of one call) Spark's window kept either: so does this
      return compareValues(a.callId, b.callId) < 0;
    }

    /** The reported CLI's stem for the call's code length, as {@code element_at} finds it (1-based, negative from the end). */
    private String stemForCode(Integer codeLength) {
      if (stemHashes == null || codeLength == null) {
        return null;
      }
      int index = codeLength - (VerificationEventsTable.MIN_CODE_LENGTH - 1);
      int at = index > 0 ? index - 1 : stemHashes.size() + index;
      return index == 0 || at < 0 || at >= stemHashes.size() ? null : stemHashes.get(at);
    }

    private static boolean overlap(List<Integer> a, List<Integer> b) {
      for (Integer key : a) {
        if (key != null && b.contains(key)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Positions of the entries' columns, found once by name. */
  private static final class EntryFields implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final int eventType;
    final int eventTime;
    final int eventId;
    final int appId;
    final int phoneHash;
    final int phoneCountry;
    final int phoneType;
    final int phoneRange;
    final int phoneBlock;
    final int method;
    final int deviceId;
    final int devicePlatform;
    final int ip;
    final int ipCountry;
    final int failureReason;
    final int reportedHash;
    final int reportedStemHashes;
    final int reportedTypoKeys;
    final int reportedDigitsKey;
    final int reportedValid;
    final int reportSource;
    final int callId;
    final int routeId;
    final int expectedHash;
    final int expectedStemHash;
    final int expectedTypoKeys;
    final int expectedDigitsKeys;
    final int codeLength;
    final int cdrFound;
    final int sipCode;
    final int startTime;
    final int alertTime;
    final int alertTimeAvailable;
    final int answered;
    final int diversionCount;
    final int connectedDiffers;
    final int cost;
    final int legKey;

    EntryFields(StructType schema) {
      eventType = schema.fieldIndex("event_type");
      eventTime = schema.fieldIndex("event_time");
      eventId = schema.fieldIndex("event_id");
      appId = schema.fieldIndex("app_id");
      phoneHash = schema.fieldIndex("phone_hash");
      phoneCountry = schema.fieldIndex("phone_country");
      phoneType = schema.fieldIndex("phone_type");
      phoneRange = schema.fieldIndex("phone_range");
      phoneBlock = schema.fieldIndex("phone_block");
      method = schema.fieldIndex("method");
      deviceId = schema.fieldIndex("device_id");
      devicePlatform = schema.fieldIndex("device_platform");
      ip = schema.fieldIndex("ip");
      ipCountry = schema.fieldIndex("ip_country");
      failureReason = schema.fieldIndex("failure_reason");
      reportedHash = schema.fieldIndex("reported_cli_hash");
      reportedStemHashes = schema.fieldIndex("reported_cli_stem_hashes");
      reportedTypoKeys = schema.fieldIndex("reported_cli_typo_keys");
      reportedDigitsKey = schema.fieldIndex("reported_cli_digits_key");
      reportedValid = schema.fieldIndex("reported_cli_valid");
      reportSource = schema.fieldIndex("report_source");
      callId = schema.fieldIndex("call_id");
      routeId = schema.fieldIndex("route_id");
      expectedHash = schema.fieldIndex("expected_cli_hash");
      expectedStemHash = schema.fieldIndex("expected_cli_stem_hash");
      expectedTypoKeys = schema.fieldIndex("expected_cli_typo_keys");
      expectedDigitsKeys = schema.fieldIndex("expected_cli_digits_keys");
      codeLength = schema.fieldIndex("code_length");
      cdrFound = schema.fieldIndex("cdr_found");
      sipCode = schema.fieldIndex("sip_code");
      startTime = schema.fieldIndex("start_time");
      alertTime = schema.fieldIndex("alert_time");
      alertTimeAvailable = schema.fieldIndex("alert_time_available");
      answered = schema.fieldIndex("answered");
      diversionCount = schema.fieldIndex("diversion_count");
      connectedDiffers = schema.fieldIndex("connected_differs");
      cost = schema.fieldIndex("cost");
      legKey = schema.fieldIndex(LEG_KEY);
    }
  }

  private static Row struct(Object[] values) {
    return values == null ? null : RowFactory.create(values);
  }

  private static Object least(Object current, Object value) {
    return value == null ? current : current == null || compareValues(value, current) < 0 ? value : current;
  }

  private static Object[] leastStruct(Object[] current, Object[] value) {
    return current == null || compareStructs(value, current) < 0 ? value : current;
  }

  private static Object[] greatestStruct(Object[] current, Object[] value) {
    return current == null || compareStructs(value, current) > 0 ? value : current;
  }

  private static int compareStructs(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      int c = compareValues(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof String s) {
      return compareCodePoints(s, (String) b);
    }
    return ((Comparable) a).compareTo(b);
  }

  /** Strings in UTF-8 byte order, as Spark orders them: by code point, not by UTF-16 unit. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** Microseconds since the epoch, as Spark stores a timestamp. */
  static long micros(Object time) {
    if (time instanceof Timestamp t) {
      return Math.floorDiv(t.getTime(), 1000L) * 1_000_000L + t.getNanos() / 1000;
    }
    Instant instant = (Instant) time;
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }
}
