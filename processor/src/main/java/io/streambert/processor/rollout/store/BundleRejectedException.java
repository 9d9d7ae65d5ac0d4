package io.streambert.processor.rollout.store;

import java.util.Objects;

/** A bundle that will not be served, with the reason and a message saying expected vs found. */
public final class BundleRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectionReason reason;
  private final boolean transientFailure;

  /** A rejection that retrying later would not change. */
  public BundleRejectedException(RejectionReason reason, String message) {
    this(reason, message, null, false);
  }

  /** A rejection with its cause. */
  public BundleRejectedException(RejectionReason reason, String message, Throwable cause) {
    this(reason, message, cause, false);
  }

  /**
   * A rejection.
   *
   * @param transientFailure whether the store was unavailable (retrying later may succeed)
   */
  public BundleRejectedException(
      RejectionReason reason, String message, Throwable cause, boolean transientFailure) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.transientFailure = transientFailure;
  }

  public RejectionReason reason() {
    return reason;
  }

  /** Whether the store was unavailable rather than the bundle wrong. */
  public boolean transientFailure() {
    return transientFailure;
  }

  /** The text for a rejected status record: {@code "<REASON>: <message>"}. */
  public String statusReason() {
    return reason + ": " + getMessage();
  }
}
