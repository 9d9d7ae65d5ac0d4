package io.streambert.processor.serving;

/**
 * Thrown by {@link ServedModels#acquire()} while no model is served yet: an instance started
 * without a bootstrap model processes nothing until the rollout swaps the first one in.
 */
public final class NoModelServedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  NoModelServedException() {
    super("expected a served model, found none yet (no bootstrap model and no release applied)");
  }
}
