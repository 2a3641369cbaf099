package io.flashguard.jobs.cli;

/** The command was given something it cannot use; exit code 2 with this message. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
