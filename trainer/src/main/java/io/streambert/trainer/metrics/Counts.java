package io.streambert.trainer.metrics;

/**
 * Precision, recall and F1 from counts; 0 where a ratio has nothing to divide by.
 *
 * @param truePositives predictions that are correct
 * @param predicted all predictions
 * @param gold all gold items (support)
 */
public record Counts(long truePositives, long predicted, long gold) {
  public Counts {
    if (truePositives < 0 || truePositives > predicted || truePositives > gold) {
      throw new IllegalArgumentException(
          "expected 0 <= truePositives <= min(predicted, gold), found tp="
              + truePositives
              + " predicted="
              + predicted
              + " gold="
              + gold);
    }
  }

  /** Correct predictions over all predictions. */
  public double precision() {
    return predicted == 0 ? 0.0 : (double) truePositives / predicted;
  }

  /** Correct predictions over all gold items. */
  public double recall() {
    return gold == 0 ? 0.0 : (double) truePositives / gold;
  }

  /** Harmonic mean of precision and recall, {@code 2tp / (predicted + gold)}. */
  public double f1() {
    return predicted + gold == 0 ? 0.0 : 2.0 * truePositives / (predicted + gold);
  }

  /** The sum of two counts. */
  public Counts plus(Counts other) {
    return new Counts(
        truePositives + other.truePositives, predicted + other.predicted, gold + other.gold);
  }
}
