package io.flashguard.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashguard.core.tables.RejectReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;

/** The three layouts of docs/input-formats.md: CSV with a header, positional CSV dialects, JSON Lines. */
final class LineLayouts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LineLayouts() {}

  /** CSV whose first line names the columns, matched case-insensitively in any order. */
  static LineLayout csvWithHeader(String file, String headerLine, RecordParser parser) {
    CsvHeader header = CsvHeader.read(file, headerLine, parser);
    return new LineLayout() {
      @Override
      public Map<String, Integer> positions() {
        return header.positions();
      }

      @Override
      public List<String> unknownColumns() {
        return header.unknownColumns();
      }

      @Override
      public boolean firstLineIsData() {
        return false;
      }

      @Override
      public String[] split(String raw) throws Rejection {
        String[] values = CsvLines.split(raw, CsvLines.STANDARD);
        if (values.length > header.width()) {
          throw new Rejection(RejectReason.TOO_MANY_FIELDS, null,
              values.length + " fields, the header has " + header.width());
        }
        if (values.length < header.width()) {
          throw new Rejection(RejectReason.TOO_FEW_FIELDS, null,
              values.length + " fields, the header has " + header.width());
        }
        return values;
      }
    };
  }

  /**
   * CSV without a header whose columns have fixed positions ({@code columns}); a line may carry
   * any of the {@code widths} (optional trailing columns absent).
   */
  static LineLayout positional(List<String> columns, Set<Integer> widths, CSVFormat format) {
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      positions.put(columns.get(i), i);
    }
    TreeSet<Integer> allowed = new TreeSet<>(widths);
    return new LineLayout() {
      @Override
      public Map<String, Integer> positions() {
        return positions;
      }

      @Override
      public List<String> unknownColumns() {
        return List.of();
      }

      @Override
      public boolean firstLineIsData() {
        return true;
      }

      @Override
      public String[] split(String raw) throws Rejection {
        String[] values = CsvLines.split(raw, format);
        if (!allowed.contains(values.length)) {
          // between two allowed widths: a longer layout that lost fields
          RejectReason reason = values.length > allowed.last() ? RejectReason.TOO_MANY_FIELDS : RejectReason.TOO_FEW_FIELDS;
          throw new Rejection(reason, null, values.length + " fields; this format has " + allowed);
        }
        return values;
      }
    };
  }

  /** One JSON object per line; keys are the column names (case-insensitive), values read as text. */
  static LineLayout jsonLines(String firstLine, RecordParser parser) {
    List<String> known = parser.knownColumns();
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < known.size(); i++) {
      positions.put(known.get(i), i);
    }
    List<String> unknown = new ArrayList<>();
    if (firstLine != null) {
      try {
        JsonNode node = JSON.readTree(firstLine);
        if (node != null && node.isObject()) {
          node.fieldNames().forEachRemaining(key -> {
            if (!positions.containsKey(key.toLowerCase(Locale.ROOT))) {
              unknown.add(key);
            }
          });
        }
      } catch (JsonProcessingException e) {
        // the first line is quarantined with the others; it says nothing about unknown keys
      }
    }
    return new LineLayout() {
      @Override
      public Map<String, Integer> positions() {
        return positions;
      }

      @Override
      public List<String> unknownColumns() {
        return unknown;
      }

      @Override
      public boolean firstLineIsData() {
        return true;
      }

      @Override
      public String[] split(String raw) throws Rejection {
        JsonNode node;
        try {
          node = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
          throw new Rejection(RejectReason.MALFORMED_JSON, null, "not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
          throw new Rejection(RejectReason.MALFORMED_JSON, null, "the line is not a JSON object");
        }
        String[] values = new String[known.size()];
        java.util.Arrays.fill(values, "");
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          Integer position = positions.get(field.getKey().toLowerCase(Locale.ROOT));
          JsonNode value = field.getValue();
          if (position != null && !value.isNull()) {
            if (value.isContainerNode()) {
              throw new Rejection(RejectReason.BAD_VALUE, known.get(position), "a nested value where text was expected");
            }
            values[position] = value.asText();
          }
        }
        return values;
      }
    };
  }
}
