package io.streambert.processor.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a release rejected because its store was unavailable waits before it is loaded again:
 * {@code initial}, doubled after each such rejection in a row, at most {@code max}.
 *
 * @param initial the wait after the first rejection
 * @param max the longest wait
 */
public record RetryBackoff(Duration initial, Duration max) {

  public RetryBackoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "expected 0 < initial <= max, found " + initial + " and " + max);
    }
  }

  /** The wait after the {@code rejections}-th rejection in a row (from 1). */
  public Duration after(int rejections) {
    int doublings = Math.max(0, rejections - 1);
    long initialMs = initial.toMillis();
    long wait =
        doublings >= Long.numberOfLeadingZeros(initialMs) - 1
            ? Long.MAX_VALUE
            : initialMs << doublings;
    return Duration.ofMillis(Math.min(wait, max.toMillis()));
  }
}
