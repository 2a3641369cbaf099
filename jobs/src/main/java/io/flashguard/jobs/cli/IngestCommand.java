package io.flashguard.jobs.cli;

import io.flashguard.core.BadInputException;
import io.flashguard.jobs.ingest.CdrFormat;
import io.flashguard.jobs.ingest.IngestJob;
import io.flashguard.jobs.ingest.IngestResult;
import io.flashguard.jobs.ingest.IngestSettings;
import io.flashguard.jobs.ingest.Pseudonymizer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flashguard ingest}: validate, normalise, pseudonymise, deduplicate, quarantine, publish. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Load CDRs and verification events into the warehouse (docs/input-formats.md).")
final class IngestCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Mixin
  InputOptions inputs;

  @Override
  public Integer call() {
    String runId = RunIds.next();
    IngestSettings settings = inputs.settings(common, PseudonymKeys.fromEnvironment(), runId);
    SparkSession spark = common.session("ingest");
    IngestResult result = common.locked(spark, runId, "ingest", () -> new IngestJob(spark, settings).run());
    System.out.print(result.report());
    return 0;
  }

  /** Reads {@code canonical}, {@code asterisk}, {@code freeswitch} in any case. */
  static final class CdrFormatConverter implements picocli.CommandLine.ITypeConverter<CdrFormat> {
    @Override
    public CdrFormat convert(String value) {
      try {
        return CdrFormat.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a CDR format; use canonical, asterisk or freeswitch");
      }
    }
  }

  /** The input options shared by {@code ingest} and the commands that ingest first. */
  static final class InputOptions {
    @Option(names = "--cdr", paramLabel = "PATH", description = "CDR file, directory or glob; repeatable.")
    List<String> cdr = new ArrayList<>();

    @Option(names = "--verifications", paramLabel = "PATH",
        description = "Verification event file, directory or glob; repeatable.")
    List<String> verifications = new ArrayList<>();

    @Option(names = "--reference", paramLabel = "DIR",
        description = "Folder with routes.csv and/or cli_pool.csv (docs/input-formats.md), stored as today's snapshot.")
    String reference;

    @Option(names = "--labels", paramLabel = "PATH",
        description = "Labels file(s): verification_id, label, source, decided_at; decisions accumulate.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--cdr-format", defaultValue = "canonical", paramLabel = "FORMAT",
        converter = CdrFormatConverter.class,
        description = "CDR format: canonical, asterisk (cdr_csv Master.csv) or freeswitch (mod_cdr_csv).")
    CdrFormat cdrFormat = CdrFormat.CANONICAL;

    @Option(names = "--route-id", paramLabel = "ROUTE",
        description = "Route of every CDR leg whose format gives none (FreeSWITCH without accountcode).")
    String routeId;

    @Option(names = "--input-zone", defaultValue = "UTC", paramLabel = "ZONE",
        description = "Zone of timestamps without an offset (default: ${DEFAULT-VALUE}).")
    ZoneId inputZone;

    @Option(names = "--default-region", paramLabel = "ISO",
        description = "Region for numbers in national form; without it only E.164 and 00-forms are read.")
    String defaultRegion;

    @Option(names = "--max-bad-fraction",
        description = "Fail, publishing nothing, above this share of quarantined lines (default: ${DEFAULT-VALUE}).")
    double maxBadFraction = IngestSettings.DEFAULT_MAX_BAD_FRACTION;

    IngestSettings settings(CommonOptions common, Pseudonymizer pseudonymizer, String runId) {
      if (cdr.isEmpty() && verifications.isEmpty() && reference == null && labels.isEmpty()) {
        throw new BadInputException("nothing to ingest: give --cdr, --verifications, --reference or --labels");
      }
      return new IngestSettings(common.warehouse(), cdr, cdrFormat, routeId, verifications, reference, labels,
          inputZone,
          defaultRegion, maxBadFraction, pseudonymizer, runId);
    }
  }
}
