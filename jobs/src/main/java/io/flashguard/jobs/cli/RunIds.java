package io.flashguard.jobs.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Run ids that sort by start time: {@code 20261125T194512Z-1a2b3c4d}. */
final class RunIds {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RunIds() {}

  static String next() {
    return TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
