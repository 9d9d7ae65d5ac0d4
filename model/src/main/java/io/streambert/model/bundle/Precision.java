package io.streambert.model.bundle;

/** The numeric precision of a bundle's encoder weights. */
public enum Precision {
  /** Every weight in 32-bit floats, as exported from training. */
  FP32,
  /**
   * Dynamic int8: the encoder's projection weights in int8, activations quantized at run time
   * ({@code DynamicQuantizeLinear} + {@code MatMulInteger}).
   */
  INT8
}
