package io.streambert.model.decoding;

/** Numerically stable softmax over a slice of a logits array. */
public final class Softmax {
  private Softmax() {}

  /**
   * Writes the softmax of {@code logits[from, from + length)} into {@code out[0, length)}.
   *
   * <p>The maximum is subtracted before exponentiating and the sum is kept in double precision, so
   * logits in the thousands neither overflow nor lose the small probabilities.
   *
   * @throws IllegalArgumentException when a logit is NaN or the slice is empty
   */
  public static void apply(float[] logits, int from, int length, float[] out) {
    if (length <= 0) {
      throw new IllegalArgumentException("softmax needs at least one logit, found " + length);
    }
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < length; i++) {
      float v = logits[from + i];
      if (Float.isNaN(v)) {
        throw new IllegalArgumentException("expected finite logits, found NaN at index " + i);
      }
      max = Math.max(max, v);
    }
    if (max == Float.NEGATIVE_INFINITY || max == Float.POSITIVE_INFINITY) {
      // All -inf (or some +inf): share the mass uniformly among the maximal entries.
      int ties = 0;
      for (int i = 0; i < length; i++) {
        ties += logits[from + i] == max ? 1 : 0;
      }
      for (int i = 0; i < length; i++) {
        out[i] = logits[from + i] == max ? 1f / ties : 0f;
      }
      return;
    }
    double sum = 0;
    double[] exp = new double[length];
    for (int i = 0; i < length; i++) {
      exp[i] = Math.exp((double) logits[from + i] - max);
      sum += exp[i];
    }
    for (int i = 0; i < length; i++) {
      out[i] = (float) (exp[i] / sum);
    }
  }

  /** The softmax of a whole logits array. */
  public static float[] of(float[] logits) {
    float[] out = new float[logits.length];
    apply(logits, 0, logits.length, out);
    return out;
  }

  /** Index of the largest value (the first one on ties). */
  public static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
