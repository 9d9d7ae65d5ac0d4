package io.streambert.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Mean softmax cross-entropy over the labelled positions, ignoring {@link TokenSample#IGNORE}. */
public final class CrossEntropy {

  private CrossEntropy() {}

  /**
   * The loss.
   *
   * @param logits {@code [..., classes]}
   * @param labels int64 class ids with the logits' leading shape; {@link TokenSample#IGNORE} marks
   *     positions left out
   * @return a scalar: the mean over labelled positions (0 when none is labelled)
   */
  public static NDArray mean(NDArray logits, NDArray labels) {
    long classes = logits.getShape().get(logits.getShape().dimension() - 1);
    NDArray flatLogits = logits.reshape(-1, classes);
    NDArray flatLabels = labels.reshape(-1);
    NDArray kept = flatLabels.neq(TokenSample.IGNORE);
    NDArray safeLabels = flatLabels.mul(kept.toType(DataType.INT64, false));
    NDArray picked =
        flatLogits.logSoftmax(-1).mul(safeLabels.oneHot((int) classes)).sum(new int[] {-1});
    NDArray weights = kept.toType(DataType.FLOAT32, false);
    return picked.mul(weights).sum().neg().div(weights.sum().maximum(1f));
  }
}
