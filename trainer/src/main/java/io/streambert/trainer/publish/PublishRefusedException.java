package io.streambert.trainer.publish;

/** A publish was refused; nothing was overwritten. The message says what was found. */
public final class PublishRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A refusal with its reason. */
  public PublishRefusedException(String message) {
    super(message);
  }

  /** A refusal caused by another failure (I/O, broker). */
  public PublishRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
