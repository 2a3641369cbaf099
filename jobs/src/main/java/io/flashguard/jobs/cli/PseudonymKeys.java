package io.flashguard.jobs.cli;

import io.flashguard.core.BadInputException;
import io.flashguard.jobs.ingest.Pseudonymizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Finds the pseudonymisation key (docs/operations.md): the environment variable {@value #KEY_VARIABLE}, or the
 * file named by {@value #KEY_FILE_VARIABLE}. Never a command-line argument, never logged.
 */
final class PseudonymKeys {
  static final String KEY_VARIABLE = "FLASHGUARD_HMAC_KEY";
  static final String KEY_FILE_VARIABLE = "FLASHGUARD_HMAC_KEY_FILE";

  private PseudonymKeys() {}

  /** Refuses a key file that others on the machine may read (where the file system can tell). */
  static void requireOwnerOnly(Path file) throws IOException {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        throw new BadInputException("the key file " + file + " is readable by others ("
            + PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 " + file);
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }

  static Pseudonymizer fromEnvironment() {
    String key = System.getenv(KEY_VARIABLE);
    if (key != null && !key.isBlank()) {
      return Pseudonymizer.withKey(key.strip().getBytes(StandardCharsets.UTF_8));
    }
    String file = System.getenv(KEY_FILE_VARIABLE);
    if (file != null && !file.isBlank()) {
      try {
        requireOwnerOnly(Path.of(file));
        return Pseudonymizer.withKey(Files.readString(Path.of(file), StandardCharsets.UTF_8)
            .strip().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new BadInputException("cannot read the key file named by " + KEY_FILE_VARIABLE + ": " + e.getMessage());
      }
    }
    throw new BadInputException("no pseudonymisation key: set " + KEY_VARIABLE + " (at least 16 characters) or "
        + KEY_FILE_VARIABLE + " (a file readable only by you); 'flashguard demo' uses a built-in demo key");
  }
}
