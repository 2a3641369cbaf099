package io.flashguard.jobs.ingest;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.flashguard.core.tables.RejectReason;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Normalises phone numbers to E.164 and tells their country and type. libphonenumber is asked once
 * per range (the number without its last four digits) and length, not once per row: a day of
 * traffic has millions of numbers but far fewer ranges.
 */
final class PhoneNumbers implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Digits that never decide a number's country or type. */
  static final int SUBSCRIBER_DIGITS = 4;

  private static final int CACHE_SIZE = 200_000;
  private static final Set<Integer> CALLING_CODES = Set.copyOf(PhoneNumberUtil.getInstance().getSupportedCallingCodes());

  /** A normalised number: E.164 text, ISO country (or null), lower-case type, E.164 range. */
  record Number(String e164, String country, String type, String range) {}

  private final String defaultRegion;
  private transient Map<String, String[]> byRange;

  /** @param defaultRegion ISO region for national numbers, or null to accept international ones only */
  PhoneNumbers(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  /** The number as E.164, or a rejection naming the column. */
  Number normalise(String column, String raw) throws Rejection {
    String e164 = toE164(raw, defaultRegion);
    if (e164 == null) {
      throw new Rejection(RejectReason.BAD_NUMBER, column, "not a phone number in E.164 form"
          + (defaultRegion == null ? " (no --default-region for national numbers)" : ""));
    }
    String range = e164.substring(0, e164.length() - SUBSCRIBER_DIGITS);
    String[] facts = describe(range, e164);
    if (facts == null) {
      throw new Rejection(RejectReason.BAD_NUMBER, column, "not a possible number for its country code");
    }
    return new Number(e164, facts[0], facts[1], range);
  }

  /** The ISO country of an E.164 number, or null when it is not a possible number or has no country. */
  String country(String e164) {
    String[] facts = describe(e164.substring(0, e164.length() - SUBSCRIBER_DIGITS), e164);
    return facts == null ? null : facts[0];
  }

  /**
   * The number as E.164, or null when it cannot be read as one. National numbers are read in
   * {@code region} (null: international forms only). Never throws.
   */
  String toE164(String raw, String region) {
    if (raw == null) {
      return null;
    }
    String compact = withoutSeparators(raw);
    if (compact.startsWith("00")) {
      compact = "+" + compact.substring(2);
    }
    if (isE164(compact)) {
      return afterCallingCodeIsZero(compact) ? withoutTrunkPrefix(compact) : compact;
    }
    if (region == null || compact.startsWith("+")) {
      return null;
    }
    try {
      PhoneNumber parsed = util().parse(compact, region);
      String e164 = util().format(parsed, PhoneNumberFormat.E164);
      return isE164(e164) ? e164 : null;
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** The text less the separators people write numbers with: white space, '-', '(', ')' and '.'. */
  private static String withoutSeparators(String raw) {
    StringBuilder kept = null;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean separator = c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '\t' || c == '\n'
          || c == '\u000B' || c == '\f' || c == '\r';
      if (separator && kept == null) {
        kept = new StringBuilder(raw.length()).append(raw, 0, i);
      } else if (!separator && kept != null) {
        kept.append(c);
      }
    }
    return kept == null ? raw : kept.toString();
  }

  /** E.164: a '+', a first digit 1-9, then 6 to 14 more digits. */
  private static boolean isE164(String text) {
    if (text.length() < 8 || text.length() > 16 || text.charAt(0) != '+'
        || text.charAt(1) < '1' || text.charAt(1) > '9') {
      return false;
    }
    for (int i = 2; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the digit after the calling code is 0: a trunk prefix people keep when they write a
   * number internationally ("+44 (0)1632 960001", "+44 01632 960001"), or, in a few countries
   * (Italy's landlines), the number's own first digit. Checked without libphonenumber, which only the
   * numbers this holds for are given to.
   */
  private static boolean afterCallingCodeIsZero(String compact) {
    int length = callingCodeLength(compact);
    return length > 0 && compact.charAt(1 + length) == '0';
  }

  /**
   * The digits of an E.164 number after its calling code (its national significant number), or all
   * its digits when no calling code is known for it.
   */
  static String nationalDigits(String e164) {
    return e164.substring(1 + callingCodeLength(e164));
  }

  /** How many digits of an E.164 number (after its "+") are its calling code; 0 if none is known. */
  private static int callingCodeLength(String e164) {
    for (int length = 1; length <= 3 && length < e164.length() - 1; length++) {
      if (CALLING_CODES.contains(Integer.parseInt(e164.substring(1, 1 + length)))) {
        return length;
      }
    }
    return 0;
  }

  /** The number without a trunk prefix its country drops after the calling code; as it is if none. */
  private static String withoutTrunkPrefix(String compact) {
    try {
      String e164 = util().format(util().parse(compact, "ZZ"), PhoneNumberFormat.E164);
      return isE164(e164) ? e164 : compact;
    } catch (NumberParseException e) {
      return compact;
    }
  }

  private String[] describe(String range, String e164) {
    if (byRange == null) {
      byRange = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
          return size() > CACHE_SIZE;
        }
      };
    }
    String key = range + "/" + e164.length();
    String[] facts = byRange.get(key);
    if (facts == null && !byRange.containsKey(key)) {
      facts = lookUp(e164);
      byRange.put(key, facts);
    }
    return facts;
  }

  private static String[] lookUp(String e164) {
    try {
      PhoneNumber number = util().parse(e164, "ZZ");
      if (!util().isPossibleNumber(number)) {
        return null;
      }
      // An unassigned range still belongs to the country of its calling code.
      String region = util().getRegionCodeForNumber(number);
      if (region == null) {
        String byCode = util().getRegionCodeForCountryCode(number.getCountryCode());
        region = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(byCode) || "ZZ".equals(byCode) ? null : byCode;
      }
      String type = util().getNumberType(number).name().toLowerCase(Locale.ROOT);
      return new String[] {region, type};
    } catch (NumberParseException e) {
      return null;
    }
  }

  private static PhoneNumberUtil util() {
    return PhoneNumberUtil.getInstance();
  }
}
