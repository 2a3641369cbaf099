package io.flashguard.jobs.cli;

import io.flashguard.jobs.ingest.Pseudonymizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the pseudonymisation key (SPEC §5): the environment variable {@value #KEY_VARIABLE}, or the
 * file named by {@value #KEY_FILE_VARIABLE}. Never a command-line argument, never logged.
 */
final class PseudonymKeys {
  static final String KEY_VARIABLE = "FLASHGUARD_HMAC_KEY";
  static final String KEY_FILE_VARIABLE = "FLASHGUARD_HMAC_KEY_FILE";

  private PseudonymKeys() {}

  static Pseudonymizer fromEnvironment() {
    String key = System.getenv(KEY_VARIABLE);
    if (key != null && !key.isBlank()) {
      return Pseudonymizer.withKey(key.strip().getBytes(StandardCharsets.UTF_8));
    }
    String file = System.getenv(KEY_FILE_VARIABLE);
    if (file != null && !file.isBlank()) {
      try {
        return Pseudonymizer.withKey(Files.readString(Path.of(file), StandardCharsets.UTF_8)
            .strip().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UsageException("cannot read the key file named by " + KEY_FILE_VARIABLE + ": " + e.getMessage());
      }
    }
    throw new UsageException("no pseudonymisation key: set " + KEY_VARIABLE + " (at least 16 characters) or "
        + KEY_FILE_VARIABLE + " (a file readable only by you); 'flashguard demo' uses a built-in demo key");
  }
}
