package io.flashguard.jobs.ingest;

import io.flashguard.core.BadInputException;

/**
 * A whole input file cannot be read: unreadable, empty, or without a required column. The message
 * names the file and says how to fix it; the CLI maps it to exit code 2.
 */
public final class InputFileException extends BadInputException {
  private static final long serialVersionUID = 1L;

  InputFileException(String message) {
    super(message);
  }

  InputFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
