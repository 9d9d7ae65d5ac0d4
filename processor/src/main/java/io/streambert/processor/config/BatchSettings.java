package io.streambert.processor.config;

import java.time.Duration;

/**
 * The micro-batching limits of one stream task.
 *
 * @param maxRecords flush once the batch holds this many records
 * @param maxTokens flush before the batch's total tokens would exceed this (a longer single record
 *     goes alone)
 * @param maxWait flush once the oldest buffered record has waited this long
 * @param storeKind the kind of the changelogged buffer store
 * @param pipelined whether a batch's forward pass runs on an inference thread while the stream
 *     thread goes on reading, buffering and committing
 * @param maxInFlight pipelined, the most batches of one task whose passes run or wait at once (1 to
 *     {@value ProcessorConfig#MAX_BATCHES_IN_FLIGHT}); their results are forwarded in dispatch
 *     order
 */
public record BatchSettings(
    int maxRecords,
    int maxTokens,
    Duration maxWait,
    StoreKind storeKind,
    boolean pipelined,
    int maxInFlight) {

  /** Settings whose forward passes run on the stream thread. */
  public BatchSettings(int maxRecords, int maxTokens, Duration maxWait, StoreKind storeKind) {
    this(maxRecords, maxTokens, maxWait, storeKind, false, 1);
  }

  /** The same settings with forward passes pipelined or not. */
  public BatchSettings withPipelined(boolean pipelined) {
    return new BatchSettings(maxRecords, maxTokens, maxWait, storeKind, pipelined, maxInFlight);
  }

  /** The same settings with at most {@code maxInFlight} batches of a task in flight. */
  public BatchSettings withMaxInFlight(int maxInFlight) {
    return new BatchSettings(maxRecords, maxTokens, maxWait, storeKind, pipelined, maxInFlight);
  }

  /** The kind of the buffer store; both are backed by a changelog topic. */
  public enum StoreKind {
    ROCKSDB,
    IN_MEMORY
  }

  public BatchSettings {
    if (maxRecords < 1 || maxRecords > ProcessorConfig.MAX_BATCH_RECORDS) {
      throw new IllegalArgumentException(
          "maxRecords must be in [1, "
              + ProcessorConfig.MAX_BATCH_RECORDS
              + "], found "
              + maxRecords);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, found " + maxTokens);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive, found " + maxWait);
    }
    if (maxInFlight < 1 || maxInFlight > ProcessorConfig.MAX_BATCHES_IN_FLIGHT) {
      throw new IllegalArgumentException(
          "maxInFlight must be in [1, "
              + ProcessorConfig.MAX_BATCHES_IN_FLIGHT
              + "], found "
              + maxInFlight);
    }
  }

  /** The punctuation interval: a quarter of the max wait, at least 1 ms. */
  public Duration punctuateInterval() {
    return Duration.ofMillis(Math.max(1, maxWait.toMillis() / 4));
  }
}
