package io.streambert.processor.serving;

import io.streambert.model.TextModel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model being served, shared by every stream thread of the instance, and the cap on forward
 * passes that run on it at once.
 *
 * <p>Processors read {@link #current()} once per batch, so a {@link #swap} takes effect between
 * batches and never inside one. The holder does not own the models: whoever swaps one out closes it
 * once no batch can still be using it.
 */
public final class ModelHolder {

  private final AtomicReference<TextModel> current;
  private final PassLimiter passes;

  /** A holder whose passes never wait for each other. */
  public ModelHolder(TextModel initial) {
    this(initial, PassLimiter.unlimited());
  }

  /**
   * A holder serving {@code initial}, letting {@code passes} decide how many forward passes run at
   * once.
   */
  public ModelHolder(TextModel initial, PassLimiter passes) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    this.passes = Objects.requireNonNull(passes, "passes");
  }

  /** The cap on concurrent forward passes; every pass runs through it. */
  public PassLimiter passes() {
    return passes;
  }

  /** The model to use for the next batch. */
  public TextModel current() {
    return current.get();
  }

  /** Makes {@code next} the model of the following batches and returns the one it replaces. */
  public TextModel swap(TextModel next) {
    return current.getAndSet(Objects.requireNonNull(next, "next"));
  }
}
