package io.flashguard.jobs.ingest;

/**
 * A whole input file cannot be read: unreadable, empty, or without a required column. The message
 * names the file and says how to fix it; the CLI maps it to exit code 2.
 */
public final class InputFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InputFileException(String message) {
    super(message);
  }

  InputFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
