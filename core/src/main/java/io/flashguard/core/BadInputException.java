package io.flashguard.core;

/**
 * The user gave flashguard something it cannot use: an option or setting out of range, an input
 * file it cannot read, a day range without the data the command needs. The message says what and
 * how to fix it; commands exit with code 2 and print it (docs/operations.md). Any other exception,
 * an {@link IllegalArgumentException} from a bug included, is a failure (exit code 1).
 */
public class BadInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
