package io.flashguard.jobs.run;

import io.flashguard.core.BadInputException;
import io.flashguard.jobs.ingest.IngestSettings;
import java.net.URI;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What a scheduled run does.
 *
 * @param ingest the inputs and how to read them
 * @param from first day to process, or null for every day the inputs hold
 * @param to last day to process (inclusive), or null
 * @param force process days that an earlier run completed and whose data did not change
 * @param minCalls see {@link io.flashguard.jobs.metrics.RouteMetricsJob}
 * @param smsCost price of the SMS fallback, for route recommendations
 * @param command the command line as given, for the manifest (holds no secrets: keys never are arguments,
 *     the webhook's URL is redacted)
 * @param notifyWebhook where to post each reported day's alert summary, or null
 * @param lastStage the run's last stage; {@link RunStage#REPORT} for a scheduled run, an earlier one
 *     where a caller goes on itself (the demo trains its models before it scores) or needs no more
 */
public record RunSettings(IngestSettings ingest, LocalDate from, LocalDate to, boolean force, long minCalls,
    double smsCost, String command, URI notifyWebhook, RunStage lastStage) {

  public RunSettings(IngestSettings ingest, LocalDate from, LocalDate to, boolean force, long minCalls, double smsCost,
      String command, URI notifyWebhook) {
    this(ingest, from, to, force, minCalls, smsCost, command, notifyWebhook, RunStage.REPORT);
  }

  public RunSettings(IngestSettings ingest, LocalDate from, LocalDate to, boolean force, long minCalls, double smsCost,
      String command) {
    this(ingest, from, to, force, minCalls, smsCost, command, null);
  }

  /** These settings for a run that ends after {@code stage}. */
  public RunSettings until(RunStage stage) {
    return new RunSettings(ingest, from, to, force, minCalls, smsCost, command, notifyWebhook, stage);
  }

  public RunSettings {
    Objects.requireNonNull(ingest, "ingest");
    Objects.requireNonNull(lastStage, "lastStage");
    if ((from == null) != (to == null)) {
      throw new BadInputException("give both --from and --to, or neither");
    }
    if (from != null && to.isBefore(from)) {
      throw new BadInputException("--to " + to + " is before --from " + from);
    }
  }
}
