package io.flashguard.jobs.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Escaping for the HTML report. Every value from the warehouse goes through {@link #text} (element
 * content and attribute values alike); data for the charts goes through {@link #json}, which is
 * safe inside a {@code <script type="application/json">} element.
 */
public final class Html {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Html() {}

  /** {@code value} as HTML text, safe in element content and in quoted attribute values; null is empty. */
  public static String text(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code value} as JSON that cannot end the script element it sits in nor open a comment: every
   * {@code <}, {@code >} and {@code &} is written as a Unicode escape, as are the line separators
   * JavaScript treats as line ends.
   */
  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value)
          .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
          .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("chart data cannot be written as JSON", e);
    }
  }
}
