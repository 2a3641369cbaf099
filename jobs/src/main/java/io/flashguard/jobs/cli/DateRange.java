package io.flashguard.jobs.cli;

import io.flashguard.core.BadInputException;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** {@code --date D} or {@code --from D1 --to D2}, both inclusive. */
final class DateRange {
  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "One day (UTC).")
  LocalDate date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day (UTC), with --to.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last day (UTC), inclusive.")
  LocalDate to;

  LocalDate first() {
    check();
    return date != null ? date : from;
  }

  LocalDate last() {
    check();
    return date != null ? date : to;
  }

  private void check() {
    if (date != null && (from != null || to != null)) {
      throw new BadInputException("give either --date or --from/--to, not both");
    }
    if (date == null && (from == null || to == null)) {
      throw new BadInputException("give --date D, or --from D1 --to D2");
    }
    if (date == null && to.isBefore(from)) {
      throw new BadInputException("--to " + to + " is before --from " + from);
    }
  }
}
