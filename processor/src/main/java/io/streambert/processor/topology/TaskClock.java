package io.streambert.processor.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The wall clock a batching task reads to stamp arrivals and to decide that a batch waited long.
 */
@FunctionalInterface
public interface TaskClock {

  /**
   * The host's clock, read afresh on every call. Kafka Streams' {@link
   * ProcessorContext#currentSystemTimeMs()} is cached per stream-thread loop iteration and lags by
   * whatever that iteration has spent (tokenizing a poll's records, waiting for a forward pass), so
   * records stamped with it look older than they are and partial batches leave early.
   */
  TaskClock SYSTEM = context -> Math.max(context.currentSystemTimeMs(), System.currentTimeMillis());

  /**
   * Kafka Streams' own system time, which {@code TopologyTestDriver} and {@code
   * MockProcessorContext} let a test set.
   */
  TaskClock STREAMS = ProcessorContext::currentSystemTimeMs;

  /** Milliseconds since the epoch as seen by the task of {@code context}. */
  long nowMs(ProcessorContext<?, ?> context);
}
