package io.flashguard.core;

/**
 * The command was given nothing to work on: no warehouse at the path, or no rows for the days it
 * needs. Nothing is wrong with the input, and nothing failed; the message says what was missing and
 * which command makes it. Commands exit with code 3, so that a scheduler can tell an empty day from
 * a failure (docs/operations.md).
 */
public class NothingToDoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NothingToDoException(String message) {
    super(message);
  }
}
