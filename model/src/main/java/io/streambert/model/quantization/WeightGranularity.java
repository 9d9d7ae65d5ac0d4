package io.streambert.model.quantization;

/** How many scales an int8 weight matrix gets. */
public enum WeightGranularity {
  /** One scale per output column: tighter ranges, better accuracy, same speed on CPU. */
  PER_CHANNEL,
  /** One scale for the whole matrix. */
  PER_TENSOR
}
