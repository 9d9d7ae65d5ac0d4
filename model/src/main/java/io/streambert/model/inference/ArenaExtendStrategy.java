package io.streambert.model.inference;

/** How the CUDA memory arena grows (ONNX Runtime's {@code arena_extend_strategy}). */
public enum ArenaExtendStrategy {
  /** Grow in powers of two: fewer allocations, more memory held. */
  NEXT_POWER_OF_TWO("kNextPowerOfTwo"),
  /** Grow by exactly what was requested: tighter memory, more allocations. */
  SAME_AS_REQUESTED("kSameAsRequested");

  private final String ortValue;

  ArenaExtendStrategy(String ortValue) {
    this.ortValue = ortValue;
  }

  /** The value ONNX Runtime's CUDA provider options expect. */
  public String ortValue() {
    return ortValue;
  }
}
