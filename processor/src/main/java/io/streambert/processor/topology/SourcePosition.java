package io.streambert.processor.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an input record came from.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 */
public record SourcePosition(String topic, int partition, long offset) {

  /** The position of the record being processed; unknown fields are empty/-1. */
  public static SourcePosition current(ProcessorContext<?, ?> context) {
    return context.recordMetadata().map(SourcePosition::of).orElse(new SourcePosition("", -1, -1L));
  }

  private static SourcePosition of(RecordMetadata m) {
    return new SourcePosition(m.topic(), m.partition(), m.offset());
  }
}
