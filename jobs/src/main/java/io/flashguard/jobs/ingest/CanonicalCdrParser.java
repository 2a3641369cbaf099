package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.CdrTable;
import io.flashguard.core.tables.RejectReason;
import io.flashguard.core.tables.WarehouseTable;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/** The canonical CDR format of docs/input-formats.md: one row per flash-call leg, columns by name. */
final class CanonicalCdrParser extends HeaderCsvParser {
  private static final long serialVersionUID = 1L;

  static final String FORMAT = "canonical";
  private static final Set<String> ATTESTATIONS = Set.of("A", "B", "C");

  private final Pseudonymizer pseudonymizer;

  CanonicalCdrParser(Pseudonymizer pseudonymizer) {
    this.pseudonymizer = pseudonymizer;
  }

  @Override
  public WarehouseTable table() {
    return CdrTable.TABLE;
  }

  @Override
  public String keyColumn() {
    return "call_id";
  }

  @Override
  public String partitionTimeColumn() {
    return "start_time";
  }

  @Override
  public List<String> requiredColumns() {
    return List.of("call_id", "route_id", "cli", "b_number", "start_time", "end_time", "sip_code");
  }

  @Override
  public List<String> knownColumns() {
    return List.of("call_id", "verification_id", "route_id", "cli", "b_number", "start_time",
        "alert_time", "answer_time", "end_time", "sip_code", "q850_cause", "diversion_count",
        "connected_number", "stir_attestation", "cost");
  }

  @Override
  public void parse(LineFields fields, StagedRow row) throws Rejection {
    row.put("call_id", fields.boundedText("call_id", 128));
    row.put("verification_id", fields.text("verification_id"));
    row.put("route_id", fields.requiredText("route_id"));

    PhoneNumbers.Number cli = fields.requiredPhone("cli");
    PhoneNumbers.Number called = fields.requiredPhone("b_number");
    PhoneNumbers.Number connected = fields.phone("connected_number");
    row.put("cli_hash", pseudonymizer.number(cli.e164()));
    row.put("cli_country", cli.country());
    row.put("b_hash", pseudonymizer.number(called.e164()));
    row.put("b_country", called.country());
    row.put("b_type", called.type());
    row.put("b_range", pseudonymizer.range(called.range()));
    row.put("connected_hash", connected == null ? null : pseudonymizer.number(connected.e164()));
    row.put("connected_differs", connected == null ? null : !connected.e164().equals(called.e164()));

    long start = fields.requiredMicros("start_time");
    Long alert = fields.micros("alert_time");
    Long answer = fields.micros("answer_time");
    long end = fields.requiredMicros("end_time");
    if (end < start) {
      throw new Rejection(RejectReason.TIME_ORDER, "end_time", "end_time is before start_time");
    }
    requireWithin("alert_time", alert, start, end);
    requireWithin("answer_time", answer, start, end);
    int sipCode = fields.requiredInteger("sip_code", 100, 699);
    if (answer != null && sipCode != 200) {
      throw new Rejection(RejectReason.INCONSISTENT, "answer_time",
          "answer_time is set but sip_code is " + sipCode + ", not 200");
    }
    row.put("start_time", start);
    row.put("alert_time", alert);
    row.put("answer_time", answer);
    row.put("end_time", end);
    row.put("sip_code", sipCode);
    row.put("answered", answer != null);
    row.put("q850_cause", fields.integer("q850_cause", 0, 127));
    row.put("diversion_count", fields.integer("diversion_count", 0, 1000));
    row.put("stir_attestation", fields.oneOf("stir_attestation", ATTESTATIONS));
    row.put("cost", fields.nonNegativeDecimal("cost"));
    // without the column, an empty alert time says nothing of whether the call alerted
    row.put("alert_time_available", fields.has("alert_time"));
    row.put("source_format", FORMAT);
    row.put("key_id", pseudonymizer.keyId());
  }

  private static void requireWithin(String column, Long time, long start, long end) throws Rejection {
    if (time != null && (time < start || time > end)) {
      throw new Rejection(RejectReason.TIME_ORDER, column, column + " is outside [start_time, end_time]");
    }
  }
}
