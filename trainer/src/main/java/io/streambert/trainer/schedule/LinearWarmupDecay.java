package io.streambert.trainer.schedule;

/**
 * Learning rate that rises linearly from 0 to the peak over the warm-up steps, then falls linearly
 * to 0 at the last step; a pure function of the step.
 *
 * <p>Same shape as Hugging Face's {@code get_linear_schedule_with_warmup}: {@code rate(step)} is
 * the rate for the update made after {@code step} completed updates, so {@code rate(0)} is 0 when
 * there is a warm-up, {@code rate(warmupSteps)} is the peak and {@code rate(totalSteps)} is 0.
 */
public final class LinearWarmupDecay {
  private final double peak;
  private final long warmupSteps;
  private final long totalSteps;

  /**
   * A schedule.
   *
   * @param peak the learning rate at the end of warm-up (> 0)
   * @param warmupSteps steps of warm-up, 0 to totalSteps
   * @param totalSteps all optimizer steps of the run (> 0)
   */
  public LinearWarmupDecay(double peak, long warmupSteps, long totalSteps) {
    if (!(peak > 0) || Double.isInfinite(peak)) {
      throw new IllegalArgumentException("expected a finite peak learning rate > 0, found " + peak);
    }
    if (totalSteps < 1) {
      throw new IllegalArgumentException("expected totalSteps >= 1, found " + totalSteps);
    }
    if (warmupSteps < 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "expected warmupSteps within [0, " + totalSteps + "], found " + warmupSteps);
    }
    this.peak = peak;
    this.warmupSteps = warmupSteps;
    this.totalSteps = totalSteps;
  }

  /**
   * A schedule whose warm-up is a fraction of the run, rounded up to whole steps.
   *
   * @param warmupFraction fraction of totalSteps, within [0, 1]
   */
  public static LinearWarmupDecay withWarmupFraction(
      double peak, double warmupFraction, long totalSteps) {
    if (!(warmupFraction >= 0 && warmupFraction <= 1)) {
      throw new IllegalArgumentException(
          "expected a warm-up fraction within [0, 1], found " + warmupFraction);
    }
    // The epsilon keeps 0.07 * 100 (7.000000000000001 in binary) at 7 steps, not 8.
    long warmup = (long) Math.ceil(warmupFraction * totalSteps - 1e-9);
    return new LinearWarmupDecay(peak, warmup, totalSteps);
  }

  /** The learning rate after {@code step} completed updates (0 beyond the last step). */
  public double rate(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("expected step >= 0, found " + step);
    }
    if (step < warmupSteps) {
      return peak * step / warmupSteps;
    }
    if (step >= totalSteps) {
      return 0.0;
    }
    return peak * (totalSteps - step) / (totalSteps - warmupSteps);
  }

  /** The peak learning rate. */
  public double peak() {
    return peak;
  }

  /** Steps of warm-up. */
  public long warmupSteps() {
    return warmupSteps;
  }

  /** All steps of the run. */
  public long totalSteps() {
    return totalSteps;
  }
}
