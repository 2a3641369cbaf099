package io.flashguard.core.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named points in a publish where a crash matters. When the environment names one in
 * {@value #PAUSE_AT}, the process writes the file named by {@value #MARKER} on reaching it and
 * waits there, so a test can kill it with SIGKILL at exactly that point. Off unless both are set.
 */
public enum FaultPoint {
  /** The new partitions are written to the staging folder, nothing moved yet. */
  STAGED,
  /** The new partitions sit in their version folders; the pointer still names the old ones. */
  MOVED,
  /** The pointer names the new partitions; old versions not yet deleted. */
  POINTED;

  public static final String PAUSE_AT = "FLASHGUARD_PAUSE_AT";
  public static final String MARKER = "FLASHGUARD_PAUSE_MARKER";

  void reach() {
    String pauseAt = System.getenv(PAUSE_AT);
    String marker = System.getenv(MARKER);
    if (pauseAt == null || marker == null || !pauseAt.equals(name())) {
      return;
    }
    try {
      Files.writeString(Path.of(marker), name());
      while (true) {
        Thread.sleep(60_000);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the fault marker " + marker, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
