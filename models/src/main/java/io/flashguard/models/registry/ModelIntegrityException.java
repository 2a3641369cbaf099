package io.flashguard.models.registry;

/** A registered model's files do not match its checksum manifest, so it is not loaded. */
public final class ModelIntegrityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelIntegrityException(String message) {
    super(message);
  }
}
