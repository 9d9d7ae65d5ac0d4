package io.streambert.processor.serving;

/**
 * Thrown by {@link ServedModels#swap} when a third model would become resident: the model retired
 * by the previous swap is still leased by a batch. Nothing changed; the caller still owns the model
 * it offered and may retry once {@link ServedModels#awaitRetired} returns true.
 */
public final class ModelSwapRefusedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  ModelSwapRefusedException(String message) {
    super(message);
  }
}
