package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;

/**
 * FreeSWITCH {@code mod_cdr_csv} with the stock {@code example}/{@code default} template: 13 quoted
 * fields without header, a space before the last one. Mapping of docs/input-formats.md; no alert time.
 *
 * <p>An answered leg ({@code answer_stamp} set) is SIP 200 whatever its hangup cause, which then
 * only tells how it ended; unanswered legs take the SIP code of their cause (NORMAL_CLEARING without
 * answer is 487, our CANCEL). Causes this table does not know keep no Q.850 code and become SIP 500.
 */
final class FreeswitchCdrParser extends DialectCdrParser {
  private static final long serialVersionUID = 1L;

  static final String FORMAT = "freeswitch";
  static final List<String> COLUMNS = List.of("caller_id_name", "caller_id_number", "destination_number",
      "context", "start_stamp", "answer_stamp", "end_stamp", "duration", "billsec", "hangup_cause", "uuid",
      "bleg_uuid", "accountcode");
  /** The stock template writes {@code ..., "accountcode"}: surrounding spaces are not data. */
  private static final CSVFormat FORMAT_WITH_SPACES =
      CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).get();
  private static final Pattern CAUSE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Map<String, String> SOURCES = Map.of(
      "call_id", "uuid", "route_id", "accountcode", "cli", "caller_id_number", "b_number", "destination_number",
      "start_time", "start_stamp", "answer_time", "answer_stamp", "end_time", "end_stamp", "sip_code", "hangup_cause",
      "q850_cause", "hangup_cause");

  /** SIP codes of docs/input-formats.md for unanswered legs; any other cause is 500. */
  private static final Map<String, Integer> SIP_CODES = Map.ofEntries(
      Map.entry("ORIGINATOR_CANCEL", 487), Map.entry("NORMAL_CLEARING", 487), Map.entry("USER_BUSY", 486),
      Map.entry("NO_USER_RESPONSE", 408), Map.entry("NO_ANSWER", 480), Map.entry("SUBSCRIBER_ABSENT", 480),
      Map.entry("CALL_REJECTED", 603), Map.entry("UNALLOCATED_NUMBER", 404), Map.entry("NO_ROUTE_DESTINATION", 404),
      Map.entry("NORMAL_TEMPORARY_FAILURE", 503), Map.entry("NORMAL_CIRCUIT_CONGESTION", 503),
      Map.entry("RECOVERY_ON_TIMER_EXPIRE", 504));

  /** Q.850 cause values of FreeSWITCH's hangup cause names (switch_channel.c); ORIGINATOR_CANCEL has none. */
  private static final Map<String, Integer> Q850 = Map.ofEntries(
      Map.entry("UNSPECIFIED", 0), Map.entry("UNALLOCATED_NUMBER", 1), Map.entry("NO_ROUTE_TRANSIT_NET", 2),
      Map.entry("NO_ROUTE_DESTINATION", 3), Map.entry("CHANNEL_UNACCEPTABLE", 6),
      Map.entry("CALL_AWARDED_DELIVERED", 7), Map.entry("NORMAL_CLEARING", 16), Map.entry("USER_BUSY", 17),
      Map.entry("NO_USER_RESPONSE", 18), Map.entry("NO_ANSWER", 19), Map.entry("SUBSCRIBER_ABSENT", 20),
      Map.entry("CALL_REJECTED", 21), Map.entry("NUMBER_CHANGED", 22),
      Map.entry("REDIRECTION_TO_NEW_DESTINATION", 23), Map.entry("EXCHANGE_ROUTING_ERROR", 25),
      Map.entry("DESTINATION_OUT_OF_ORDER", 27), Map.entry("INVALID_NUMBER_FORMAT", 28),
      Map.entry("FACILITY_REJECTED", 29), Map.entry("RESPONSE_TO_STATUS_ENQUIRY", 30),
      Map.entry("NORMAL_UNSPECIFIED", 31), Map.entry("NORMAL_CIRCUIT_CONGESTION", 34),
      Map.entry("NETWORK_OUT_OF_ORDER", 38), Map.entry("NORMAL_TEMPORARY_FAILURE", 41),
      Map.entry("SWITCH_CONGESTION", 42), Map.entry("ACCESS_INFO_DISCARDED", 43),
      Map.entry("REQUESTED_CHAN_UNAVAIL", 44), Map.entry("PRE_EMPTED", 45),
      Map.entry("FACILITY_NOT_SUBSCRIBED", 50), Map.entry("OUTGOING_CALL_BARRED", 52),
      Map.entry("INCOMING_CALL_BARRED", 54), Map.entry("BEARERCAPABILITY_NOTAUTH", 57),
      Map.entry("BEARERCAPABILITY_NOTAVAIL", 58), Map.entry("SERVICE_UNAVAILABLE", 63),
      Map.entry("BEARERCAPABILITY_NOTIMPL", 65), Map.entry("CHAN_NOT_IMPLEMENTED", 66),
      Map.entry("FACILITY_NOT_IMPLEMENTED", 69), Map.entry("SERVICE_NOT_IMPLEMENTED", 79),
      Map.entry("INVALID_CALL_REFERENCE", 81), Map.entry("INCOMPATIBLE_DESTINATION", 88),
      Map.entry("INVALID_MSG_UNSPECIFIED", 95), Map.entry("MANDATORY_IE_MISSING", 96),
      Map.entry("MESSAGE_TYPE_NONEXIST", 97), Map.entry("WRONG_MESSAGE", 98), Map.entry("IE_NONEXIST", 99),
      Map.entry("INVALID_IE_CONTENTS", 100), Map.entry("WRONG_CALL_STATE", 101),
      Map.entry("RECOVERY_ON_TIMER_EXPIRE", 102), Map.entry("MANDATORY_IE_LENGTH_ERROR", 103),
      Map.entry("PROTOCOL_ERROR", 111), Map.entry("INTERWORKING", 127));

  private final String routeId;

  /** @param routeId the route of every leg in the file when accountcode is empty; may be null */
  FreeswitchCdrParser(Pseudonymizer pseudonymizer, String routeId) {
    super(pseudonymizer);
    this.routeId = routeId;
  }

  @Override
  String format() {
    return FORMAT;
  }

  @Override
  public List<String> knownColumns() {
    return COLUMNS;
  }

  @Override
  public LineLayout layout(String file, String firstLine) {
    return LineLayouts.positional(COLUMNS, Set.of(COLUMNS.size()), FORMAT_WITH_SPACES);
  }

  @Override
  void map(LineFields fields, Map<String, String> canonical) throws Rejection {
    String cause = fields.requiredText("hangup_cause");
    if (!CAUSE_NAME.matcher(cause).matches()) {
      throw new Rejection(RejectReason.BAD_ENUM, "hangup_cause", "'" + cause + "' is not a hangup cause name");
    }
    String answer = fields.text("answer_stamp");
    int sip = answer != null ? 200 : SIP_CODES.getOrDefault(cause, 500);
    Integer q850 = Q850.get(cause);
    String accountCode = fields.text("accountcode");
    canonical.put("call_id", fields.text("uuid"));
    canonical.put("route_id", accountCode != null ? accountCode : routeId);
    canonical.put("cli", fields.text("caller_id_number"));
    canonical.put("b_number", fields.text("destination_number"));
    canonical.put("start_time", fields.text("start_stamp"));
    canonical.put("answer_time", answer);
    canonical.put("end_time", fields.text("end_stamp"));
    canonical.put("sip_code", Integer.toString(sip));
    canonical.put("q850_cause", q850 == null ? null : q850.toString());
  }

  @Override
  String sourceColumn(String canonicalColumn) {
    return SOURCES.getOrDefault(canonicalColumn, canonicalColumn);
  }
}
