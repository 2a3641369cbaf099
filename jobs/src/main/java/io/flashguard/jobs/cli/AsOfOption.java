package io.flashguard.jobs.cli;

import io.flashguard.core.BadInputException;
import io.flashguard.core.warehouse.AsOf;
import io.flashguard.core.warehouse.Warehouse;
import picocli.CommandLine.Option;

/** {@code --as-of}: read the warehouse's tables as they were at an earlier time (Delta time travel). */
final class AsOfOption {
  @Option(names = "--as-of", paramLabel = "TIME",
      description = "Read every table as it was at this UTC time, e.g. 2026-11-25T06:00:00Z (see 'history'); "
          + "only as far back as 'maintain' keeps files.")
  String asOf;

  /** {@code warehouse} as of the option's time, or as it is when the option is absent. */
  Warehouse apply(Warehouse warehouse) {
    if (asOf == null) {
      return warehouse;
    }
    AsOf point = AsOf.parse(asOf);
    if (!point.isTimestamp()) {
      throw new BadInputException("--as-of takes a time here (a version number belongs to one table; use it with "
          + "'export --as-of'); got " + asOf);
    }
    return warehouse.asOf(point);
  }
}
