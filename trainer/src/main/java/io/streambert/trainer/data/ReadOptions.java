package io.streambert.trainer.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a reader treats bad rows and labels.
 *
 * @param badRowPolicy skip bad rows or stop at the first one
 * @param maxBadFraction with {@link BadRowPolicy#SKIP}: the read fails when more than this fraction
 *     of the rows (sentences, for tagged data) is bad, so a run never trains on mostly garbage
 * @param labels a fixed label set (e.g. the labels of a bundle being evaluated): a row with another
 *     label is bad, and the dataset keeps this order; empty: the label set is read from the data
 */
public record ReadOptions(
    BadRowPolicy badRowPolicy, double maxBadFraction, Optional<List<String>> labels) {

  /** Default limit on the fraction of skipped rows: 1 %. */
  public static final double DEFAULT_MAX_BAD_FRACTION = 0.01;

  public ReadOptions {
    Objects.requireNonNull(badRowPolicy, "badRowPolicy");
    if (!(maxBadFraction >= 0.0 && maxBadFraction <= 1.0)) {
      throw new IllegalArgumentException(
          "maxBadFraction must be within [0, 1], found " + maxBadFraction);
    }
    labels = labels.map(List::copyOf);
    labels.ifPresent(
        l -> {
          if (l.isEmpty() || l.size() != l.stream().distinct().count()) {
            throw new IllegalArgumentException(
                "a fixed label set must be non-empty and without duplicates, found " + l);
          }
        });
  }

  /** Fail on the first bad row; labels read from the data. */
  public static ReadOptions strict() {
    return new ReadOptions(BadRowPolicy.FAIL, 0.0, Optional.empty());
  }

  /** Skip bad rows up to {@link #DEFAULT_MAX_BAD_FRACTION}; labels read from the data. */
  public static ReadOptions lenient() {
    return new ReadOptions(BadRowPolicy.SKIP, DEFAULT_MAX_BAD_FRACTION, Optional.empty());
  }

  /** A copy with the given bad-row policy. */
  public ReadOptions withPolicy(BadRowPolicy policy) {
    return new ReadOptions(policy, maxBadFraction, labels);
  }

  /** A copy with the given bad-row limit. */
  public ReadOptions withMaxBadFraction(double fraction) {
    return new ReadOptions(badRowPolicy, fraction, labels);
  }

  /** A copy with a fixed label set. */
  public ReadOptions withLabels(List<String> fixedLabels) {
    return new ReadOptions(badRowPolicy, maxBadFraction, Optional.of(fixedLabels));
  }
}
