package io.streambert.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Clips gradients by their global L2 norm and voids a step whose gradients are not finite.
 *
 * <p>Element-wise clipping (DJL's {@code optClipGrad}) does not stop the blow-ups seen when
 * fine-tuning BERT on SST-2; the global norm over all parameters does. Each parameter's norm comes
 * from {@code norm()}, which allocates no full-size temporary. A non-finite gradient is zeroed in
 * place on the native tensor: replacing the gradient arrays instead left native memory that Java
 * later freed and crashed the process.
 */
public final class GradientGuard {

  private final float maxNorm;

  /**
   * A guard with a clipping threshold.
   *
   * @param maxNorm the largest global gradient norm let through; 0 disables clipping (non-finite
   *     gradients are still voided)
   */
  public GradientGuard(float maxNorm) {
    if (!(maxNorm >= 0)) {
      throw new IllegalArgumentException("expected maxNorm >= 0, found " + maxNorm);
    }
    this.maxNorm = maxNorm;
  }

  /**
   * What the guard did to one step's gradients.
   *
   * @param norm the global norm before clipping (NaN or infinite for a voided step)
   * @param clipped whether gradients were scaled down
   * @param skipped whether the gradients were not finite and were zeroed (no update must follow)
   */
  public record Outcome(double norm, boolean clipped, boolean skipped) {}

  /**
   * Measures, and clips or voids, the gradients of the given parameters in place.
   *
   * @param parameters trainable parameters whose gradients the last backward pass filled
   * @param batchManager the manager of the current step; gradient handles are attached to it so
   *     they are released with the batch
   */
  public Outcome apply(Map<String, NDArray> parameters, NDManager batchManager) {
    List<NDArray> gradients = new ArrayList<>(parameters.size());
    double sumOfSquares = 0;
    for (NDArray parameter : parameters.values()) {
      NDArray gradient = parameter.getGradient();
      gradient.attach(batchManager);
      gradients.add(gradient);
      try (NDArray norm = gradient.norm()) {
        double n = norm.getFloat();
        sumOfSquares += n * n;
      }
    }
    double total = Math.sqrt(sumOfSquares);
    if (!Double.isFinite(total)) {
      for (NDArray parameter : parameters.values()) {
        zeroGradientInPlace(parameter);
      }
      return new Outcome(total, false, true);
    }
    if (maxNorm > 0 && total > maxNorm) {
      float scale = (float) (maxNorm / (total + 1e-6));
      for (NDArray gradient : gradients) {
        gradient.muli(scale);
      }
      return new Outcome(total, true, false);
    }
    return new Outcome(total, false, false);
  }

  /** Zeroes a parameter's gradient tensor in place (torch {@code grad.zero_()}). */
  static void zeroGradientInPlace(NDArray parameter) {
    if (parameter instanceof PtNDArray pt) {
      JniUtils.zeroGrad(pt);
    } else {
      throw new IllegalStateException(
          "expected a PyTorch array, found " + parameter.getClass().getName());
    }
  }
}
