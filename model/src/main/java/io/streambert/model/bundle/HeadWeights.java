package io.streambert.model.bundle;

import java.util.SplittableRandom;

/**
 * The weights of a linear task head.
 *
 * @param weight row-major {@code [labels, hidden]} (torch's Linear layout)
 * @param bias {@code [labels]}
 */
public record HeadWeights(float[] weight, float[] bias) {

  public HeadWeights {
    if (bias.length == 0 || weight.length % bias.length != 0) {
      throw new IllegalArgumentException(
          "expected weight of labels x hidden values for "
              + bias.length
              + " labels, found "
              + weight.length
              + " values");
    }
  }

  /** Number of labels (output rows). */
  public int labels() {
    return bias.length;
  }

  /** Input width. */
  public int hidden() {
    return weight.length / bias.length;
  }

  /**
   * Fresh weights as Hugging Face initialises a classifier: normal with std 0.02, zero bias.
   *
   * @param seed makes the weights reproducible
   */
  public static HeadWeights random(int labels, int hidden, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] w = new float[labels * hidden];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (gaussian(rnd) * 0.02);
    }
    return new HeadWeights(w, new float[labels]);
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = 1.0 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
