package io.streambert.model.decoding;

import io.streambert.model.bundle.TagDecoding;
import java.util.List;

/**
 * Chooses one tag per word from the words' tag logits, greedily or as the best BIO-valid sequence.
 *
 * <p>{@link TagDecoding#BIO_VITERBI} maximises the sum of the words' tag log-probabilities over the
 * sequences in which every {@code I-X} follows {@code B-X} or {@code I-X}; when the greedy choice
 * is such a sequence it is also the Viterbi path, so the two decodings differ only where greedy
 * would produce an ill-formed sequence. A word without logits (no window predicted it) gets no tag
 * ({@link #NO_TAG}) and, like {@code O}, cannot be continued by an {@code I-X}. Stateless and
 * thread-safe.
 */
public final class TagSequenceDecoder {

  /** The choice for a word without logits. */
  public static final int NO_TAG = -1;

  private final List<String> tags;
  private final TagDecoding decoding;

  /** {@code allowed[from][to]}; row {@code tags.size()} is the start of a run. */
  private final boolean[][] allowed;

  /**
   * A decoder for the given tags.
   *
   * @param tags the task's tags in logit order
   * @param decoding greedy (any tag scheme), or BIO Viterbi (then every tag must be {@code O},
   *     {@code B-X} or {@code I-X})
   * @throws IllegalArgumentException when Viterbi is asked for tags that are not BIO
   */
  public TagSequenceDecoder(List<String> tags, TagDecoding decoding) {
    this.tags = List.copyOf(tags);
    this.decoding = decoding;
    if (!decoding.accepts(this.tags)) {
      throw new IllegalArgumentException(
          "expected BIO tags (O, B-X, I-X) for " + decoding + " decoding, found " + this.tags);
    }
    int n = this.tags.size();
    this.allowed = new boolean[n + 1][n];
    for (int from = 0; from <= n; from++) {
      for (int to = 0; to < n; to++) {
        String tag = this.tags.get(to);
        boolean continues =
            from < n && !this.tags.get(from).equals("O") && sameType(this.tags.get(from), tag);
        allowed[from][to] = !tag.startsWith("I-") || continues;
      }
    }
  }

  /** Whether two prefixed tags ({@code B-X}, {@code I-X}) name the same type X. */
  private static boolean sameType(String a, String b) {
    return a.length() > 2 && b.length() > 2 && a.substring(2).equals(b.substring(2));
  }

  /** The tags in logit order. */
  public List<String> tags() {
    return tags;
  }

  /** How this decoder chooses. */
  public TagDecoding decoding() {
    return decoding;
  }

  /**
   * The chosen tag index of every word, {@link #NO_TAG} for a word without logits.
   *
   * @param wordLogits per word, its tag logits in tag order, or null for a word without a
   *     prediction
   * @throws IllegalArgumentException when a word has the wrong number of logits or a NaN
   */
  public int[] decode(float[][] wordLogits) {
    int n = tags.size();
    double[][] logProbabilities = new double[wordLogits.length][];
    int[] greedy = new int[wordLogits.length];
    float[] probabilities = new float[n];
    for (int w = 0; w < wordLogits.length; w++) {
      float[] logits = wordLogits[w];
      if (logits == null) {
        continue;
      }
      if (logits.length != n) {
        throw new IllegalArgumentException(
            "expected " + n + " tag logits for word " + w + ", found " + logits.length);
      }
      logProbabilities[w] = logSoftmax(logits, w);
      // Greedy takes the argmax of the float softmax, exactly as bundles were always decoded.
      Softmax.apply(logits, 0, n, probabilities);
      greedy[w] = Softmax.argMax(probabilities);
    }
    int[] chosen = new int[wordLogits.length];
    int runStart = 0;
    for (int w = 0; w <= wordLogits.length; w++) {
      if (w == wordLogits.length || logProbabilities[w] == null) {
        decodeRun(logProbabilities, greedy, runStart, w, chosen);
        if (w < wordLogits.length) {
          chosen[w] = NO_TAG;
        }
        runStart = w + 1;
      }
    }
    return chosen;
  }

  /** Decodes the words {@code [from, to)}, all with logits, into {@code chosen}. */
  private void decodeRun(double[][] lp, int[] greedy, int from, int to, int[] chosen) {
    if (from >= to) {
      return;
    }
    if (decoding == TagDecoding.GREEDY) {
      for (int w = from; w < to; w++) {
        chosen[w] = greedy[w];
      }
      return;
    }
    int n = tags.size();
    int length = to - from;
    double[] score = new double[n];
    int[][] back = new int[length][n];
    for (int j = 0; j < n; j++) {
      score[j] = allowed[n][j] ? lp[from][j] : Double.NEGATIVE_INFINITY;
    }
    double[] next = new double[n];
    for (int k = 1; k < length; k++) {
      double[] here = lp[from + k];
      for (int j = 0; j < n; j++) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          if (allowed[i][j] && (best < 0 || score[i] > bestScore)) {
            best = i;
            bestScore = score[i];
          }
        }
        back[k][j] = best;
        next[j] = best < 0 ? Double.NEGATIVE_INFINITY : bestScore + here[j];
      }
      System.arraycopy(next, 0, score, 0, n);
    }
    int last = argMax(score);
    for (int k = length - 1; k >= 0; k--) {
      chosen[from + k] = last;
      last = k > 0 ? back[k][last] : last;
    }
  }

  /** Log-softmax in double precision; the maximum is subtracted first. */
  private static double[] logSoftmax(float[] logits, int word) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < logits.length; i++) {
      if (Float.isNaN(logits[i])) {
        throw new IllegalArgumentException(
            "expected finite logits, found NaN at tag " + i + " of word " + word);
      }
      max = Math.max(max, logits[i]);
    }
    double[] out = new double[logits.length];
    if (Double.isInfinite(max)) {
      // All -inf (or some +inf): the maximal entries share the mass, as in Softmax.apply.
      for (int i = 0; i < logits.length; i++) {
        out[i] = logits[i] == max ? 0 : Double.NEGATIVE_INFINITY;
      }
      return out;
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v - max);
    }
    double log = Math.log(sum);
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] - max - log;
    }
    return out;
  }

  /** Index of the largest value, the first on ties. */
  private static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
