package io.streambert.trainer.data;

import java.util.List;

/** A data file cannot be used for training or evaluation; the message says where and why. */
public final class DataFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<BadRow> badRows;

  /** A failure caused by the given bad rows (the first few are named in the message). */
  public DataFormatException(String message, List<BadRow> badRows) {
    super(message);
    this.badRows = List.copyOf(badRows);
  }

  /** A failure not tied to particular rows (missing header, empty file, unreadable file). */
  public DataFormatException(String message) {
    this(message, List.of());
  }

  /** A failure with an underlying cause, such as an I/O error. */
  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
    this.badRows = List.of();
  }

  /** The bad rows behind this failure; empty when it is not about particular rows. */
  public List<BadRow> badRows() {
    return badRows;
  }
}
