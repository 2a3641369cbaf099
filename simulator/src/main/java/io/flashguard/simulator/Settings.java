package io.flashguard.simulator;

import io.flashguard.core.BadInputException;

/** Checks shared by the simulation's settings records. */
final class Settings {
  private Settings() {}

  static boolean share(double value) {
    return value >= 0 && value <= 1;
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new BadInputException(message);
    }
  }
}
