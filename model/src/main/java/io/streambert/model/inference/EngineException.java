package io.streambert.model.inference;

import java.util.List;
import java.util.Locale;

/**
 * The inference engine could not start or run: a provider that cannot load, a model whose inputs or
 * outputs do not match the manifest, or a failed forward pass.
 *
 * <p>A pass that failed because memory ran out ({@link #outOfMemory()}) failed through no fault of
 * its input: the same pass may succeed once memory is free again.
 */
public final class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What ONNX Runtime and the CUDA libraries say, lower case, when an allocation fails. */
  private static final List<String> OUT_OF_MEMORY =
      List.of(
          "failed to allocate memory",
          "bad_alloc",
          "bad allocation",
          "out of memory",
          "cudaerrormemoryallocation",
          "cublas_status_alloc_failed",
          "cudnn_status_alloc_failed");

  private final boolean outOfMemory;

  public EngineException(String message) {
    this(message, null);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
    this.outOfMemory = cause != null && saysOutOfMemory(cause.getMessage());
  }

  /** Whether the engine ran out of (host or device) memory, as its error message says. */
  public boolean outOfMemory() {
    return outOfMemory;
  }

  /** Whether {@code message}, an ONNX Runtime or CUDA error, reports a failed allocation. */
  static boolean saysOutOfMemory(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return OUT_OF_MEMORY.stream().anyMatch(lower::contains);
  }
}
