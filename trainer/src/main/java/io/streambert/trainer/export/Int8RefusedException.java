package io.streambert.trainer.export;

/** An int8 bundle drifted past its {@link Int8Tolerance}; nothing was written. */
public final class Int8RefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Int8Comparison comparison;

  public Int8RefusedException(Int8Comparison comparison) {
    super("refused the int8 bundle: " + String.join("; ", comparison.failures()));
    this.comparison = comparison;
  }

  public Int8Comparison comparison() {
    return comparison;
  }
}
