package io.streambert.model.encoding;

/** Thrown for text that cannot be encoded (null, empty, only whitespace or control characters). */
public final class InvalidTextException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidTextException(String message) {
    super(message);
  }
}
