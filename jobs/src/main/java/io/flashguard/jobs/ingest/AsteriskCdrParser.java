package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.RejectReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asterisk {@code cdr_csv} (Master.csv): no header, 16 fields, plus uniqueid
 * ({@code loguniqueid=yes}), userfield ({@code loguserfield=yes}) and peeraccount, linkedid,
 * sequence ({@code newcdrcolumns=yes}), so 16, 17, 18 or 21 fields. Mapping of docs/input-formats.md; Asterisk
 * has no alert time, so PDD and alert rate are not available.
 *
 * <p>The answer field is taken only for disposition ANSWERED: some Asterisk versions write the
 * start time into it for calls that were never answered (billsec 0).
 */
final class AsteriskCdrParser extends DialectCdrParser {
  private static final long serialVersionUID = 1L;

  static final String FORMAT = "asterisk";
  static final List<String> COLUMNS = List.of("accountcode", "src", "dst", "dcontext", "clid", "channel",
      "dstchannel", "lastapp", "lastdata", "start", "answer", "end", "duration", "billsec", "disposition",
      "amaflags", "uniqueid", "userfield", "peeraccount", "linkedid", "sequence");
  private static final Set<Integer> WIDTHS = Set.of(16, 17, 18, 21);
  private static final Map<String, String> SIP_CODES = Map.of(
      "ANSWERED", "200", "NO ANSWER", "487", "BUSY", "486", "CONGESTION", "503", "FAILED", "502");
  /** {@code TECH/peer-suffix}: the peer is the route, the hex suffix numbers the channel. */
  private static final Pattern CHANNEL = Pattern.compile("^[A-Za-z0-9_]+/(.+?)(-[0-9a-fA-F]{6,8})?(;\\d+)?$");
  private static final Map<String, String> SOURCES = Map.of(
      "call_id", "uniqueid", "route_id", "dstchannel", "cli", "src", "b_number", "dst",
      "start_time", "start", "answer_time", "answer", "end_time", "end", "sip_code", "disposition");

  AsteriskCdrParser(Pseudonymizer pseudonymizer) {
    super(pseudonymizer);
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
    return LineLayouts.positional(COLUMNS, WIDTHS, CsvLines.STANDARD);
  }

  @Override
  void map(LineFields fields, Map<String, String> canonical) throws Rejection {
    String disposition = fields.requiredText("disposition");
    String sip = SIP_CODES.get(disposition);
    if (sip == null) {
      throw new Rejection(RejectReason.BAD_ENUM, "disposition",
          "'" + disposition + "' is not one of " + SIP_CODES.keySet());
    }
    String uniqueId = fields.text("uniqueid");
    canonical.put("call_id", uniqueId != null ? uniqueId : "ast-" + sha256(fields.raw()));
    canonical.put("route_id", route(fields.text("dstchannel"), fields.text("accountcode")));
    canonical.put("cli", fields.text("src"));
    canonical.put("b_number", fields.text("dst"));
    canonical.put("start_time", fields.text("start"));
    canonical.put("answer_time", disposition.equals("ANSWERED") ? fields.text("answer") : null);
    canonical.put("end_time", fields.text("end"));
    canonical.put("sip_code", sip);
  }

  @Override
  String sourceColumn(String canonicalColumn) {
    return SOURCES.getOrDefault(canonicalColumn, canonicalColumn);
  }

  /** {@code SIP/carrier-a-0000001d} → {@code carrier-a}; without a channel, the account code. */
  static String route(String dstChannel, String accountCode) {
    if (dstChannel != null) {
      Matcher matcher = CHANNEL.matcher(dstChannel);
      if (matcher.matches()) {
        return matcher.group(1);
      }
    }
    return accountCode;
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
