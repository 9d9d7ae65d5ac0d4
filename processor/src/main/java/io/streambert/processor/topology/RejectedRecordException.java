package io.streambert.processor.topology;

import io.streambert.processor.deadletter.DeadLetterReason;

/**
 * A record the processor refuses (empty text, text too long, ...); its class name is the {@code
 * errorClass} of the dead letter.
 */
public final class RejectedRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  public RejectedRecordException(DeadLetterReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
