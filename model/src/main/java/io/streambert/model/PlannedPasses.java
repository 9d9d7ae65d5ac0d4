package io.streambert.model;

import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.TokenWindow;
import java.util.List;

/**
 * What the forward passes over one batch compute: how many passes, their windows, and their tokens
 * with and without padding. The processor sums these to report the padding share of the passes it
 * actually ran, rather than of the batches it flushed.
 *
 * @param passes forward passes
 * @param windows windows (rows) over all passes
 * @param realTokens tokens that are not padding
 * @param paddedTokens all cells the passes compute, padding included
 * @param largestPassTokens the cells of the largest pass, padding included: what one pass holds in
 *     memory at once
 */
public record PlannedPasses(
    int passes, int windows, long realTokens, long paddedTokens, long largestPassTokens) {

  /** Nothing planned: an empty batch. */
  public static final PlannedPasses NONE = new PlannedPasses(0, 0, 0, 0, 0);

  public PlannedPasses {
    if (passes < 0
        || windows < passes
        || realTokens < 0
        || paddedTokens < realTokens
        || largestPassTokens > paddedTokens
        || (passes > 0) != (largestPassTokens > 0)) {
      throw new IllegalArgumentException(
          "expected 0 <= passes <= windows, 0 <= realTokens <= paddedTokens and a largest pass of"
              + " at most paddedTokens, positive when there are passes, found passes="
              + passes
              + ", windows="
              + windows
              + ", realTokens="
              + realTokens
              + ", paddedTokens="
              + paddedTokens
              + ", largestPassTokens="
              + largestPassTokens);
    }
  }

  /** One pass of {@code windows} windows, {@code realTokens} of its {@code paddedTokens} real. */
  public static PlannedPasses single(int windows, long realTokens, long paddedTokens) {
    return new PlannedPasses(1, windows, realTokens, paddedTokens, paddedTokens);
  }

  /**
   * One pass over every window of {@code texts} in arrival order, padded to the longest: what a
   * model computes that neither sorts nor cuts a batch.
   */
  public static PlannedPasses onePass(List<EncodedText> texts) {
    int windows = 0;
    int longest = 0;
    long real = 0;
    for (EncodedText text : texts) {
      for (TokenWindow window : text.windows()) {
        windows++;
        longest = Math.max(longest, window.length());
        real += window.length();
      }
    }
    return windows == 0 ? NONE : single(windows, real, (long) windows * longest);
  }

  /** Real tokens per computed token (1.0 = no padding); 1.0 for an empty plan. */
  public double efficiency() {
    return paddedTokens == 0 ? 1.0 : (double) realTokens / paddedTokens;
  }

  /** The sum of this plan and {@code other}; its largest pass is the larger of theirs. */
  public PlannedPasses plus(PlannedPasses other) {
    return new PlannedPasses(
        passes + other.passes,
        windows + other.windows,
        realTokens + other.realTokens,
        paddedTokens + other.paddedTokens,
        Math.max(largestPassTokens, other.largestPassTokens));
  }
}
