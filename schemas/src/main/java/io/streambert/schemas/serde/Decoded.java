package io.streambert.schemas.serde;

import java.util.Objects;

/**
 * The outcome of decoding one record's bytes: the value, or why the bytes are bad.
 *
 * <p>Made for consumers that read raw bytes and dead-letter bad records with their original bytes:
 * {@code original} is the input array itself, untouched.
 *
 * @param value the decoded record when {@link #isOk()}; null for a tombstone or on failure
 * @param error why decoding failed, or null on success
 * @param original the bytes that were decoded, exactly as given (null for a tombstone)
 * @param <T> the record type
 */
public record Decoded<T>(T value, WireFormatException error, byte[] original) {

  /** A successful decode; {@code value} is null for a tombstone. */
  public static <T> Decoded<T> ok(T value, byte[] original) {
    return new Decoded<>(value, null, original);
  }

  /** A failed decode of {@code original}. */
  public static <T> Decoded<T> failed(WireFormatException error, byte[] original) {
    return new Decoded<>(null, Objects.requireNonNull(error, "error"), original);
  }

  /** Whether the bytes decoded (or were a tombstone). */
  public boolean isOk() {
    return error == null;
  }
}
