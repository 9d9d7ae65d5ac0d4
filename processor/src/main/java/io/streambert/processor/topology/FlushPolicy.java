package io.streambert.processor.topology;

import io.streambert.processor.config.BatchSettings;
import java.util.OptionalLong;

/**
 * When a task's pending records leave as a batch, and into how many passes: a plain function of the
 * buffer's state, the clock and the passes that could start, so that it is tested without a
 * processor context.
 *
 * <p>A batch is flushed when it holds {@code maxRecords} records, before its tokens would exceed
 * {@code maxTokens} (a single longer record is flushed alone), or once its oldest record has waited
 * {@code maxWait} and a pass could start. Without a free pass the batch could not start sooner
 * anyway: it keeps filling (up to its limits) instead of queueing as many small passes under load.
 */
final class FlushPolicy {

  /**
   * Fewest records of each part when a batch is split across passes that can start at once. On CPU
   * a single-threaded pass costs about the same per record from 1 to 32 records, so halving a batch
   * of 8 onto two idle cores halves its wait for results.
   */
  static final int MIN_SPLIT_RECORDS = 4;

  private final BatchSettings settings;

  FlushPolicy(BatchSettings settings) {
    this.settings = settings;
  }

  /**
   * Whether the pending records must leave before a record of {@code nextTokens} tokens joins them:
   * together they would exceed the token cap.
   */
  boolean flushBefore(int pendingRecords, long pendingTokens, int nextTokens) {
    return pendingRecords > 0 && pendingTokens + nextTokens > settings.maxTokens();
  }

  /** Whether the pending records are a full batch: the record cap or the token cap reached. */
  boolean isFull(int pendingRecords, long pendingTokens) {
    return pendingRecords >= settings.maxRecords() || pendingTokens >= settings.maxTokens();
  }

  /**
   * Whether the pending records leave because the oldest has waited the max wait, given {@code
   * startablePasses} passes of this task that could start now.
   *
   * @param oldestEnqueuedAtMs when the oldest pending record arrived, empty when none is pending
   * @param nowMs the wall-clock time now
   */
  boolean waitedLongEnough(OptionalLong oldestEnqueuedAtMs, long nowMs, int startablePasses) {
    return startablePasses > 0
        && oldestEnqueuedAtMs.isPresent()
        && nowMs - oldestEnqueuedAtMs.getAsLong() >= settings.maxWait().toMillis();
  }

  /**
   * Into how many passes {@code pending} flushed records go: pipelined, one per pass that could
   * start at once, as long as each part keeps {@link #MIN_SPLIT_RECORDS} records. A burst that
   * finds idle cores then runs on all of them as single-threaded passes of a part each, instead of
   * one pass on one core; under load no pass is free and batches stay whole.
   */
  int parts(int pending, int startablePasses) {
    if (!settings.pipelined()) {
      return 1;
    }
    return Math.max(1, Math.min(startablePasses, pending / MIN_SPLIT_RECORDS));
  }

  /**
   * Passes of a task that could start at once: the free permits of the instance, capped by the
   * task's free in-flight slots.
   */
  int startablePasses(int freePermits, int batchesInFlight) {
    return Math.max(0, Math.min(freePermits, settings.maxInFlight() - batchesInFlight));
  }

  /** Whether a batch must wait for the oldest in flight before it can be dispatched. */
  boolean inFlightSlotsTaken(int batchesInFlight) {
    return batchesInFlight >= settings.maxInFlight();
  }
}
