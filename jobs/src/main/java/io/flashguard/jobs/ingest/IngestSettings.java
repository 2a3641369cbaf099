package io.flashguard.jobs.ingest;

import io.flashguard.core.BadInputException;
import io.flashguard.core.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What one ingest run reads and how.
 *
 * @param cdrPaths canonical CDR inputs (files, directories or globs); may be empty
 * @param cdrFormat the format of every CDR input
 * @param routeId route of CDR legs whose format carries none (FreeSWITCH without accountcode); may be null
 * @param verificationPaths verification event inputs (CSV, or JSON Lines by extension); may be empty
 * @param referenceDir folder with routes.csv and/or cli_pool.csv, or null
 * @param labelPaths analysts' (or the simulator's) labels files; may be empty
 * @param inputZone zone of timestamps written without an offset (docs/input-formats.md: default UTC)
 * @param defaultRegion ISO region for national phone numbers, or null to accept E.164 and 00-forms only
 * @param maxBadFraction above this share of quarantined lines the run fails and publishes nothing
 */
public record IngestSettings(
    Warehouse warehouse,
    List<String> cdrPaths,
    CdrFormat cdrFormat,
    String routeId,
    List<String> verificationPaths,
    String referenceDir,
    List<String> labelPaths,
    ZoneId inputZone,
    String defaultRegion,
    double maxBadFraction,
    Pseudonymizer pseudonymizer,
    String runId) {

  public static final double DEFAULT_MAX_BAD_FRACTION = 0.05;

  public IngestSettings {
    Objects.requireNonNull(warehouse, "warehouse");
    cdrPaths = List.copyOf(cdrPaths);
    Objects.requireNonNull(cdrFormat, "cdrFormat");
    verificationPaths = List.copyOf(verificationPaths);
    labelPaths = List.copyOf(labelPaths);
    Objects.requireNonNull(inputZone, "inputZone");
    Objects.requireNonNull(pseudonymizer, "pseudonymizer");
    Objects.requireNonNull(runId, "runId");
    if (!(maxBadFraction >= 0 && maxBadFraction <= 1)) {
      throw new BadInputException("max bad fraction must lie in [0, 1], got " + maxBadFraction);
    }
  }

  /**
   * A sample folder as {@code simulate} writes it and {@code data-samples/} holds it: canonical CDRs
   * under {@code cdr/}, CSV events under {@code verifications/}, and, when present, reference files
   * under {@code reference/} and {@code labels.csv} (or {@code .gz}); timestamps in UTC, numbers in
   * E.164, other settings at their defaults.
   */
  public static IngestSettings sampleFolder(Warehouse warehouse, Path folder, Pseudonymizer pseudonymizer,
      String runId) {
    Path reference = folder.resolve("reference");
    List<String> labels = Stream.of("labels.csv", "labels.csv.gz").map(folder::resolve)
        .filter(Files::isRegularFile).map(Path::toString).toList();
    return new IngestSettings(warehouse, List.of(folder.resolve("cdr").toString()), CdrFormat.CANONICAL, null,
        List.of(folder.resolve("verifications").toString()), Files.isDirectory(reference) ? reference.toString() : null,
        labels, ZoneOffset.UTC, null, DEFAULT_MAX_BAD_FRACTION, pseudonymizer, runId);
  }
}
