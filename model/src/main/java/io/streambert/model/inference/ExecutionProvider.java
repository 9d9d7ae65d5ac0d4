package io.streambert.model.inference;

/** Which ONNX Runtime execution provider serves the model. */
public enum ExecutionProvider {
  /** Try CUDA, fall back to CPU when it cannot load (and log why). */
  AUTO,
  /** CPU only. */
  CPU,
  /** CUDA only: loading fails when the CUDA provider cannot be added. */
  CUDA
}
