package io.streambert.trainer.export;

/**
 * How closely ONNX Runtime reproduced the training model on the parity sample.
 *
 * @param texts texts compared
 * @param windows windows (forward-pass rows) compared
 * @param maxSentenceLogitDiff largest |DJL - ORT| over all sentence logits (0 without that head)
 * @param maxTokenLogitDiff largest |DJL - ORT| over the token logits of real (unpadded) tokens
 * @param predictionMismatches windows whose sentence argmax differs plus tokens whose tag argmax
 *     differs
 * @param tolerance the largest logit difference allowed
 */
public record ParityReport(
    int texts,
    int windows,
    double maxSentenceLogitDiff,
    double maxTokenLogitDiff,
    int predictionMismatches,
    double tolerance) {

  /** The largest logit difference over both heads. */
  public double maxLogitDiff() {
    return Math.max(maxSentenceLogitDiff, maxTokenLogitDiff);
  }

  /** Whether the export may be published: every logit within tolerance, no prediction differs. */
  public boolean passed() {
    return windows > 0 && maxLogitDiff() <= tolerance && predictionMismatches == 0;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "parity %s: %d texts / %d windows, max |logit diff| sentence %.3g token %.3g (tolerance %.1g),"
            + " %d prediction mismatches",
        passed() ? "passed" : "FAILED",
        texts,
        windows,
        maxSentenceLogitDiff,
        maxTokenLogitDiff,
        tolerance,
        predictionMismatches);
  }
}
