package io.streambert.processor.limits;

/**
 * What a topic's broker accepts from one record.
 *
 * @param maxMessageBytes {@code max.message.bytes}: the largest record batch the topic takes
 * @param timestampBeforeMaxMs {@code message.timestamp.before.max.ms}: how far in the past a
 *     record's timestamp may be
 * @param timestampAfterMaxMs {@code message.timestamp.after.max.ms}: how far in the future
 * @param logAppendTime whether the broker stamps records itself ({@code
 *     message.timestamp.type=LogAppendTime}), which makes any timestamp acceptable
 */
public record TopicLimits(
    int maxMessageBytes,
    long timestampBeforeMaxMs,
    long timestampAfterMaxMs,
    boolean logAppendTime) {

  /** Kafka's broker defaults, assumed for a topic whose configuration cannot be read. */
  public static final TopicLimits BROKER_DEFAULTS =
      new TopicLimits(1_048_588, Long.MAX_VALUE, 3_600_000L, false);
}
