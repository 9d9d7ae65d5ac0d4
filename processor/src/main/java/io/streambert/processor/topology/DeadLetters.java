package io.streambert.processor.topology;

import io.streambert.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/** Builds dead-letter records: the original key and bytes, where they came from and why. */
final class DeadLetters {

  private DeadLetters() {}

  /**
   * The dead letter for a failed input record, keyed like the input and stamped with its timestamp.
   */
  static Record<byte[], DeadLetter> of(
      byte[] key,
      byte[] value,
      long timestamp,
      SourcePosition source,
      DeadLetterReason reason,
      Throwable error,
      Instant failedAt) {
    String detail = error.getMessage() == null ? error.toString() : error.getMessage();
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic(source.topic())
            .setPartition(source.partition())
            .setOffset(source.offset())
            .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
            .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
            .setErrorClass(error.getClass().getName())
            .setMessage(reason.name() + ": " + detail)
            .setFailedAt(failedAt)
            .build();
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        StreambertHeaders.DEAD_LETTER_REASON, reason.name().getBytes(StandardCharsets.UTF_8));
    return new Record<>(key, letter, timestamp, headers);
  }
}
