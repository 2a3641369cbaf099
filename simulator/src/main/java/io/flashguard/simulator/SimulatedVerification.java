package io.flashguard.simulator;

import java.util.List;

/**
 * One simulated verification in the input formats of docs/input-formats.md: its event log lines, its CDR legs and its
 * ground-truth label. Fields are strings as they would appear in the files; null is an empty field.
 */
record SimulatedVerification(String verificationId, String label, List<String[]> events, List<String[]> legs) {

  static final String[] EVENT_COLUMNS = {
      "event_id", "event_time", "verification_id", "event_type", "app_id", "phone_number", "method",
      "route_id", "call_id", "expected_cli", "code_length", "reported_cli", "report_source", "device_id",
      "device_platform", "ip", "ip_country", "failure_reason"};

  static final String[] CDR_COLUMNS = {
      "call_id", "verification_id", "route_id", "cli", "b_number", "start_time", "alert_time",
      "answer_time", "end_time", "sip_code", "q850_cause", "diversion_count", "connected_number",
      "stir_attestation", "cost"};

  static final String[] LABEL_COLUMNS = {"verification_id", "label", "source", "decided_at"};

  static final String LEGIT = "legit";
  static final String SPOOFED_CLI = "spoofed_cli";
  static final String FORWARDING_HIJACK = "forwarding_hijack";
  static final String PUMPING = "pumping";
}
