package io.streambert.processor.config;

import java.util.Locale;

/** The delivery guarantee of {@code processing.guarantee}, by its Kafka Streams value. */
public enum ProcessingGuarantee {
  /** Buffer, outputs and input offsets commit in one transaction. */
  EXACTLY_ONCE_V2,
  /** Outputs and buffer are flushed before the offsets commit; duplicates after a crash. */
  AT_LEAST_ONCE;

  /** The value of Kafka Streams' {@code processing.guarantee} ({@code exactly_once_v2}, ...). */
  public String streamsValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
