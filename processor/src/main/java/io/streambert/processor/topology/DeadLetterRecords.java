package io.streambert.processor.topology;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.schemas.avro.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/** Builds dead-letter records: the original key and bytes, where they came from and why. */
final class DeadLetterRecords {

  private DeadLetterRecords() {}

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
    DeadLetter letter =
        io.streambert.schemas.DeadLetters.of(
            source.topic(), source.partition(), source.offset(), key, value, error, failedAt);
    letter.setMessage(reason.name() + ": " + letter.getMessage());
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        StreambertHeaders.DEAD_LETTER_REASON, reason.name().getBytes(StandardCharsets.UTF_8));
    return new Record<>(key, letter, timestamp, headers);
  }
}
