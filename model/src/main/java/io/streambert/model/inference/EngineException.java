package io.streambert.model.inference;

/**
 * The inference engine could not start or run: a provider that cannot load, a model whose inputs or
 * outputs do not match the manifest, or a failed forward pass.
 */
public final class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
