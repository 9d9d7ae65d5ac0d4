package io.streambert.processor.config;

import java.time.Duration;

/**
 * How long a release rejected because its bundle store was unavailable waits before it is loaded
 * again: {@code first} after one such rejection, doubled after each further one in a row, at most
 * {@code max}.
 *
 * @param first {@code model.store.retry.backoff.ms}
 * @param max {@code model.store.retry.backoff.max.ms}, at least {@code first}
 */
public record StoreRetryWaits(Duration first, Duration max) {

  /**
   * The waits of the two keys' values in milliseconds.
   *
   * @throws InvalidConfigException when {@code maxMs} is below {@code firstMs}
   */
  static StoreRetryWaits ofMillis(long firstMs, long maxMs) {
    if (maxMs < firstMs) {
      throw new InvalidConfigException(
          "Invalid value "
              + maxMs
              + " for configuration "
              + ProcessorConfig.MODEL_STORE_RETRY_BACKOFF_MAX_MS
              + ": expected at least "
              + ProcessorConfig.MODEL_STORE_RETRY_BACKOFF_MS
              + " ("
              + firstMs
              + ")");
    }
    return new StoreRetryWaits(Duration.ofMillis(firstMs), Duration.ofMillis(maxMs));
  }
}
