package io.streambert.processor.config;

/**
 * Thrown for a configuration that is unreadable, incomplete or invalid; the message says which key.
 */
public final class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }

  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
