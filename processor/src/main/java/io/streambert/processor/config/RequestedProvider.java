package io.streambert.processor.config;

/**
 * The ONNX Runtime execution provider asked for by {@code model.execution.provider}; the model
 * module's engine configuration decides what that means on the host.
 */
public enum RequestedProvider {
  /** CUDA when available, else CPU. */
  AUTO,
  /** CPU only. */
  CPU,
  /** CUDA; loading fails when it is unavailable. */
  CUDA
}
