package io.streambert.processor.topology;

import java.util.Objects;

/**
 * One input record waiting in the batch buffer: everything its results or its dead letter need, so
 * that a buffer restored from the changelog can be flushed without the input topic.
 *
 * @param sequence position in the task's buffer; assigned in arrival order, never reused while
 *     buffered
 * @param key the input key bytes (null when the record had none)
 * @param originalValue the input value bytes exactly as read
 * @param eventId the event's id
 * @param text the text to analyse
 * @param eventTimeMs the event time (epoch ms); the results' record timestamp
 * @param timestamp the input record's timestamp
 * @param source where the record was read from
 * @param tokenCount tokens of the encoded text (all windows)
 * @param enqueuedAtMs wall-clock time the record entered the buffer
 */
public record BufferedRecord(
    long sequence,
    byte[] key,
    byte[] originalValue,
    String eventId,
    String text,
    long eventTimeMs,
    long timestamp,
    SourcePosition source,
    int tokenCount,
    long enqueuedAtMs) {

  public BufferedRecord {
    Objects.requireNonNull(originalValue, "originalValue");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
  }

  /** This record with another sequence number. */
  public BufferedRecord withSequence(long newSequence) {
    return new BufferedRecord(
        newSequence,
        key,
        originalValue,
        eventId,
        text,
        eventTimeMs,
        timestamp,
        source,
        tokenCount,
        enqueuedAtMs);
  }
}
