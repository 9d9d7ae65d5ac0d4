package io.streambert.model.bundle;

import java.io.IOException;

/** A model bundle that cannot be read, written or trusted; the message says what and why. */
public final class BundleException extends IOException {
  private static final long serialVersionUID = 1L;

  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
