package io.flashguard.jobs.export;

/**
 * Neutralises spreadsheet formula injection (CSV injection): a text cell starting with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return is prefixed with a single quote, which
 * spreadsheets show as text. Only text columns pass through here; numbers keep their sign.
 */
public final class SpreadsheetSafe {
  private SpreadsheetSafe() {}

  public static String cell(String value) {
    if (value.isEmpty()) {
      return value;
    }
    char first = value.charAt(0);
    boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    return risky ? "'" + value : value;
  }
}
