package io.streambert.trainer.train;

/**
 * Learning rate that rises linearly from 0 to its peak over the warm-up steps, then falls linearly
 * to 0 at the last step (Hugging Face's {@code get_linear_schedule_with_warmup}).
 */
final class WarmupLinearDecay {

  private final float peak;
  private final int warmupSteps;
  private final int totalSteps;

  WarmupLinearDecay(float peak, int warmupSteps, int totalSteps) {
    if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "expected 0 <= warmupSteps <= totalSteps and totalSteps >= 1, found warmupSteps="
              + warmupSteps
              + " totalSteps="
              + totalSteps);
    }
    this.peak = peak;
    this.warmupSteps = warmupSteps;
    this.totalSteps = totalSteps;
  }

  /** The rate for the update with the given 0-based index. */
  float rate(long step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    float remaining = (float) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps);
    return peak * Math.max(0f, remaining);
  }
}
