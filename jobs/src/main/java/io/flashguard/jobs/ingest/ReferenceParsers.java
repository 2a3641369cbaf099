package io.flashguard.jobs.ingest;

import io.flashguard.core.tables.CliPoolTable;
import io.flashguard.core.tables.LabelsTable;
import io.flashguard.core.tables.RejectReason;
import io.flashguard.core.tables.RoutesTable;
import io.flashguard.core.tables.WarehouseTable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructType;

/**
 * The small CSV inputs of docs/input-formats.md: routes and the CLI pool (stored as one snapshot per load day,
 * stamped with the load time) and analysts' labels (accumulated, partitioned by decision day).
 */
final class ReferenceParsers {
  private static final Pattern PREFIX = Pattern.compile("\\+[1-9][0-9]{0,14}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private ReferenceParsers() {}

  static RecordParser routes(long loadedAtMicros) {
    return new HeaderCsvParser() {
      private static final long serialVersionUID = 1L;

      @Override
      public WarehouseTable table() {
        return RoutesTable.TABLE;
      }

      @Override
      public String keyColumn() {
        return "route_id";
      }

      @Override
      public String partitionTimeColumn() {
        return "loaded_at";
      }

      @Override
      public List<String> requiredColumns() {
        return List.of("route_id", "route_type");
      }

      @Override
      public List<String> knownColumns() {
        return List.of("route_id", "carrier", "route_type", "cost_per_call", "currency");
      }

      @Override
      public void parse(LineFields fields, StagedRow row) throws Rejection {
        row.put("route_id", fields.requiredText("route_id"));
        row.put("carrier", fields.text("carrier"));
        row.put("route_type", fields.requiredOneOf("route_type", Set.of("direct", "aggregator", "unknown")));
        row.put("cost_per_call", fields.nonNegativeDecimal("cost_per_call"));
        row.put("currency", matching(fields, "currency", CURRENCY, "an ISO 4217 code"));
        row.put("loaded_at", loadedAtMicros);
      }
    };
  }

  static RecordParser cliPool(long loadedAtMicros) {
    return new HeaderCsvParser() {
      private static final long serialVersionUID = 1L;

      @Override
      public WarehouseTable table() {
        return CliPoolTable.TABLE;
      }

      @Override
      public String keyColumn() {
        return "pool_key";
      }

      @Override
      public String partitionTimeColumn() {
        return "loaded_at";
      }

      @Override
      public List<String> requiredColumns() {
        return List.of("cli_prefix");
      }

      @Override
      public List<String> knownColumns() {
        return List.of("cli_prefix", "country", "route_id", "valid_from", "valid_to");
      }

      @Override
      public void parse(LineFields fields, StagedRow row) throws Rejection {
        String prefix = fields.requiredText("cli_prefix").replaceAll("[\\s\\-]", "");
        if (!PREFIX.matcher(prefix).matches()) {
          throw new Rejection(RejectReason.BAD_NUMBER, "cli_prefix", "not an E.164 prefix such as +4420");
        }
        String route = fields.text("route_id");
        java.sql.Date from = fields.date("valid_from");
        java.sql.Date to = fields.date("valid_to");
        if (from != null && to != null && to.before(from)) {
          throw new Rejection(RejectReason.TIME_ORDER, "valid_to", "valid_to is before valid_from");
        }
        row.put("pool_key", prefix + "|" + (route == null ? "" : route));
        row.put("cli_prefix", prefix);
        row.put("country", matching(fields, "country", COUNTRY, "an ISO 3166 alpha-2 code"));
        row.put("route_id", route);
        row.put("valid_from", from);
        row.put("valid_to", to);
        row.put("loaded_at", loadedAtMicros);
      }
    };
  }

  static RecordParser labels() {
    return new HeaderCsvParser() {
      private static final long serialVersionUID = 1L;

      @Override
      public WarehouseTable table() {
        return LabelsTable.TABLE;
      }

      /** One decision per verification and time: the same decision sent twice is a duplicate. */
      @Override
      public String keyColumn() {
        return "decision_id";
      }

      @Override
      public String partitionTimeColumn() {
        return "decided_at";
      }

      @Override
      public List<String> requiredColumns() {
        return List.of("verification_id", "label", "decided_at");
      }

      @Override
      public List<String> knownColumns() {
        return List.of("verification_id", "label", "source", "decided_at");
      }

      @Override
      public void parse(LineFields fields, StagedRow row) throws Rejection {
        String verification = fields.boundedText("verification_id", 128);
        long decidedAt = fields.requiredMicros("decided_at");
        row.put("decision_id", verification + "@" + decidedAt);
        row.put("verification_id", verification);
        row.put("label", fields.requiredOneOf("label", Set.copyOf(LabelsTable.LABELS)));
        String source = fields.oneOf("source", Set.copyOf(LabelsTable.SOURCES));
        row.put("source", source == null ? "analyst" : source);
        row.put("decided_at", decidedAt);
      }
    };
  }

  private static String matching(LineFields fields, String column, Pattern pattern, String what) throws Rejection {
    String value = fields.text(column);
    if (value == null) {
      return null;
    }
    String upper = value.toUpperCase(Locale.ROOT);
    if (!pattern.matcher(upper).matches()) {
      throw new Rejection(RejectReason.BAD_VALUE, column, "'" + value + "' is not " + what);
    }
    return upper;
  }
}
