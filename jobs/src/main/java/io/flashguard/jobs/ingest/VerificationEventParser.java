package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import io.flashguard.core.tables.VerificationEventsTable;
import io.flashguard.core.tables.WarehouseTable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructType;

/**
 * The verification platform's event log of docs/input-formats.md. The reported CLI is compared with nothing
 * here: it is kept as hashes of the whole number and of its stems (the number less its last 3..6
 * digits), so attempts assembly can tell an exact report, a typo in the code digits and another
 * number apart without the code digits ever being stored; and, like the CLI we dialed, with the keys
 * two numbers one typo apart share ({@link Pseudonymizer#typoKeys}), so features can tell a number
 * retyped from different numbers tried. A report written without a "+" also keeps the key of its
 * digits, and the CLI dialed the keys of its digits with and without the calling code
 * ({@link Pseudonymizer#digitsKey}): a CLI of another country typed in national form, or with its
 * calling code but no "+", reads as the country of the number verified would have it, and is
 * still that CLI.
 */
final class VerificationEventParser implements RecordParser {
  private static final long serialVersionUID = 1L;

  private static final Set<String> EVENT_TYPES = Set.copyOf(VerificationEventsTable.EVENT_TYPES);
  private static final Set<String> METHODS = Set.of("flashcall", "sms");
  private static final Set<String> REPORT_SOURCES = Set.of("intercepted", "manual");
  private static final Set<String> PLATFORMS = Set.of("android", "ios", "web", "other");
  private static final Pattern NOT_A_DIGIT = Pattern.compile("[^0-9]");
  /** No more digits than the longest code, with the separators people type: the code, not a number. */
  private static final Pattern CODE_ALONE = Pattern.compile("[\\s\\-.]*(?:[0-9][\\s\\-.]*){"
      + VerificationEventsTable.MIN_CODE_LENGTH + "," + VerificationEventsTable.MAX_CODE_LENGTH + "}");

  private final Pseudonymizer pseudonymizer;

  VerificationEventParser(Pseudonymizer pseudonymizer) {
    this.pseudonymizer = pseudonymizer;
  }

  @Override
  public WarehouseTable table() {
    return VerificationEventsTable.TABLE;
  }

  @Override
  public String keyColumn() {
    return "event_id";
  }

  @Override
  public String partitionTimeColumn() {
    return "event_time";
  }

  @Override
  public List<String> requiredColumns() {
    return List.of("event_id", "event_time", "verification_id", "event_type", "app_id", "phone_number");
  }

  @Override
  public List<String> knownColumns() {
    return List.of("event_id", "event_time", "verification_id", "event_type", "app_id",
        "phone_number", "method", "route_id", "call_id", "expected_cli", "code_length",
        "reported_cli", "report_source", "device_id", "device_platform", "ip", "ip_country",
        "failure_reason");
  }

  @Override
  public List<String> extensions() {
    return List.of(".csv", ".jsonl", ".ndjson", ".json");
  }

  /** JSON Lines for .jsonl, .ndjson and .json files (optionally .gz), CSV with a header otherwise. */
  @Override
  public LineLayout layout(String file, String firstLine) {
    String name = file.toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")
        ? LineLayouts.jsonLines(firstLine, this)
        : LineLayouts.csvWithHeader(file, firstLine, this);
  }

  @Override
  public void parse(LineFields fields, StagedRow row) throws Rejection {
    String type = fields.requiredOneOf("event_type", EVENT_TYPES);
    row.put("event_type", type);
    row.put("event_id", fields.boundedText("event_id", 128));
    row.put("event_time", fields.requiredMicros("event_time"));
    row.put("verification_id", fields.boundedText("verification_id", 128));
    row.put("app_id", fields.requiredText("app_id"));

    PhoneNumbers.Number phone = fields.requiredPhone("phone_number");
    row.put("phone_hash", pseudonymizer.number(phone.e164()));
    row.put("phone_country", phone.country());
    row.put("phone_type", phone.type());
    row.put("phone_range", pseudonymizer.range(phone.range()));
    row.put("phone_block", pseudonymizer.block(phone.e164().substring(0, phone.e164().length() - 2)));

    row.put("method", type.equals("REQUESTED")
        ? fields.requiredOneOf("method", METHODS) : fields.oneOf("method", METHODS));
    row.put("route_id", type.equals("CALL_PLACED") ? fields.requiredText("route_id") : fields.text("route_id"));
    row.put("call_id", fields.text("call_id"));
    if (type.equals("CALL_PLACED")) {
      putExpectedCli(fields, row);
    }
    if (type.equals("CLI_REPORTED")) {
      putReportedCli(fields.requiredText("reported_cli"), phone.country(), fields.phones(), row);
      row.put("report_source", fields.requiredOneOf("report_source", REPORT_SOURCES));
    } else {
      row.put("report_source", fields.oneOf("report_source", REPORT_SOURCES));
    }
    boolean deviceRequired = type.equals("REQUESTED") || type.equals("CLI_REPORTED");
    row.put("device_id", deviceRequired ? fields.requiredText("device_id") : fields.text("device_id"));
    row.put("device_platform", fields.oneOf("device_platform", PLATFORMS));
    row.put("ip", fields.text("ip"));
    row.put("ip_country", country(fields.text("ip_country")));
    row.put("failure_reason", type.equals("FAILED")
        ? fields.requiredText("failure_reason") : fields.text("failure_reason"));
    row.put("key_id", pseudonymizer.keyId());
  }

  private void putExpectedCli(LineFields fields, StagedRow row) throws Rejection {
    PhoneNumbers.Number expected = fields.requiredPhone("expected_cli");
    int codeLength = fields.requiredInteger("code_length",
        VerificationEventsTable.MIN_CODE_LENGTH, VerificationEventsTable.MAX_CODE_LENGTH);
    String e164 = expected.e164();
    row.put("expected_cli_hash", pseudonymizer.number(e164));
    row.put("expected_cli_stem_hash", pseudonymizer.stem(e164.substring(0, e164.length() - codeLength)));
    row.put("expected_cli_country", expected.country());
    row.put("expected_cli_typo_keys", pseudonymizer.typoKeys(e164));
    row.put("expected_cli_digits_keys", new Integer[] {
        pseudonymizer.digitsKey(e164.substring(1)), pseudonymizer.digitsKey(PhoneNumbers.nationalDigits(e164))});
    row.put("code_length", codeLength);
  }

  /**
   * A report is kept as hashes of the number it reads as. The code's digits alone ("4821": what a
   * user who reads the code off the screen types) are not a number — read in the verified number's
   * country they would hash as one that nobody dialed — and are not stored in any form: the report
   * is unreadable, and the platform's VERIFIED or FAILED after it says whether the code was right.
   */
  private void putReportedCli(String raw, String phoneCountry, PhoneNumbers phones, StagedRow row) {
    String digits = NOT_A_DIGIT.matcher(raw).replaceAll("");
    boolean unsigned = raw.indexOf('+') < 0;
    if (unsigned && CODE_ALONE.matcher(raw).matches()) {
      row.put("reported_cli_valid", false);
      return;
    }
    if (unsigned && !digits.isEmpty()) {
      row.put("reported_cli_digits_key", pseudonymizer.digitsKey(digits));
    }
    String e164 = phones.toE164(raw, phoneCountry);
    row.put("reported_cli_valid", e164 != null);
    if (e164 == null) {
      return;
    }
    row.put("reported_cli_hash", pseudonymizer.number(e164));
    row.put("reported_cli_country", phones.country(e164));
    int lengths = VerificationEventsTable.MAX_CODE_LENGTH - VerificationEventsTable.MIN_CODE_LENGTH + 1;
    String[] stems = new String[lengths];
    for (int i = 0; i < lengths; i++) {
      stems[i] = pseudonymizer.stem(e164.substring(0, e164.length() - (i + VerificationEventsTable.MIN_CODE_LENGTH)));
    }
    row.put("reported_cli_stem_hashes", stems);
    row.put("reported_cli_typo_keys", pseudonymizer.typoKeys(e164));
  }

  private static String country(String value) throws Rejection {
    if (value == null) {
      return null;
    }
    String upper = value.toUpperCase(Locale.ROOT);
    if (upper.length() != 2 || !isLetter(upper.charAt(0)) || !isLetter(upper.charAt(1))) {
      throw new Rejection(RejectReason.BAD_VALUE, "ip_country", "not an ISO 3166 alpha-2 code: '" + value + "'");
    }
    return upper;
  }

  private static boolean isLetter(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
