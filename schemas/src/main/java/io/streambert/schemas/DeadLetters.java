package io.streambert.schemas;

import io.streambert.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/** Builds {@link DeadLetter} records from a failed record's coordinates, bytes and error. */
public final class DeadLetters {

  private DeadLetters() {}

  /**
   * A dead letter keeping the record's original bytes and the error's class and message.
   *
   * @param key the record's key bytes as read, or null
   * @param value the record's value bytes as read, or null
   * @param error why the record failed; its message, or its class name when it has none
   */
  public static DeadLetter of(
      String sourceTopic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      Throwable error,
      Instant failedAt) {
    Objects.requireNonNull(error, "error");
    String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    return DeadLetter.newBuilder()
        .setSourceTopic(sourceTopic)
        .setPartition(partition)
        .setOffset(offset)
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.clone()))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value.clone()))
        .setErrorClass(error.getClass().getName())
        .setMessage(message)
        .setFailedAt(failedAt)
        .build();
  }
}
