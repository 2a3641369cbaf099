package io.flashguard.jobs.ingest;

import io.flashguard.core.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Writes small input files in the input formats (docs/input-formats.md) and ingests them into a fresh warehouse. */
public final class InputFixtures {
  public static final String EVENT_HEADER = "event_id,event_time,verification_id,event_type,app_id,"
      + "phone_number,method,route_id,call_id,expected_cli,code_length,reported_cli,report_source,"
      + "device_id,device_platform,ip,ip_country,failure_reason";
  public static final String CDR_HEADER = "call_id,verification_id,route_id,cli,b_number,start_time,"
      + "alert_time,answer_time,end_time,sip_code,q850_cause,diversion_count,connected_number,"
      + "stir_attestation,cost";

  private InputFixtures() {}

  /** One CSV line from the header's columns; absent columns are empty. */
  public static String line(String header, Map<String, Object> values) {
    List<String> cells = new ArrayList<>();
    for (String column : header.split(",")) {
      Object value = values.get(column);
      cells.add(value == null ? "" : value.toString());
    }
    return String.join(",", cells);
  }

  public static Path write(Path dir, String name, String header, List<String> lines) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      List<String> all = new ArrayList<>();
      all.add(header);
      all.addAll(lines);
      Files.write(file, all, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ingests the given files (either list may be empty) with the demo key and no bad-line limit. */
  public static IngestResult ingest(SparkSession spark, Path warehouse, List<Path> cdr, List<Path> events) {
    return ingest(spark, warehouse, cdr, events, 1.0);
  }

  public static IngestResult ingest(SparkSession spark, Path warehouse, List<Path> cdr, List<Path> events,
      double maxBadFraction) {
    return ingest(spark, warehouse, CdrFormat.CANONICAL, null, ZoneOffset.UTC, cdr, events, maxBadFraction);
  }

  /** Ingests CDRs of {@code format} read in {@code zone}, with the demo key. */
  public static IngestResult ingest(SparkSession spark, Path warehouse, CdrFormat format, String routeId,
      java.time.ZoneId zone, List<Path> cdr, List<Path> events, double maxBadFraction) {
    IngestSettings settings = new IngestSettings(new Warehouse(warehouse.toString()),
        cdr.stream().map(Path::toString).toList(), format, routeId,
        events.stream().map(Path::toString).toList(), null, List.of(),
        zone, null, maxBadFraction, Pseudonymizer.demo(), "test-run");
    return new IngestJob(spark, settings).run();
  }
}
