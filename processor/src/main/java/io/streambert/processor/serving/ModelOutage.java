package io.streambert.processor.serving;

import io.streambert.model.inference.EngineException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Makes a forward pass wait while its model cannot work, instead of dead-lettering the records it
 * holds: the engine out of memory (host or device), or a model that fails its known-good probe (a
 * closed or failed session). Neither is the records' fault, and the same pass may succeed once
 * memory is free or the engine is back.
 *
 * <p>An outage is, anywhere in the failure's causes, an {@link EngineException} that {@link
 * EngineException#outOfMemory() says so} or a {@link BrokenModelException} from {@link ModelProbe}.
 * A pass that can never succeed keeps its records waiting, with readiness false naming the failure,
 * until an operator gives it the memory (a larger {@code model.cuda.memory.limit.bytes}, fewer
 * {@code batch.max.tokens}), restarts the instance or rolls the model back.
 */
public final class ModelOutage extends Outage {

  /** First wait between attempts. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);

  /** Longest wait between attempts. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  /** Waits {@code initialBackoff}, doubled after each failed attempt up to {@code maxBackoff}. */
  public ModelOutage(Duration initialBackoff, Duration maxBackoff) {
    super("Model", initialBackoff, maxBackoff);
  }

  /** With {@link #DEFAULT_INITIAL_BACKOFF} and {@link #DEFAULT_MAX_BACKOFF}. */
  public ModelOutage() {
    this(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
  }

  @Override
  protected boolean isOutage(RuntimeException failure) {
    return isOutOfMemory(failure) || isBroken(failure);
  }

  /** Whether {@code failure} or one of its causes is an engine that ran out of memory. */
  public static boolean isOutOfMemory(Throwable failure) {
    return anyCause(failure, t -> t instanceof EngineException e && e.outOfMemory());
  }

  /** Whether {@code failure} or one of its causes says the model failed its probe. */
  public static boolean isBroken(Throwable failure) {
    return anyCause(failure, BrokenModelException.class::isInstance);
  }

  private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }
}
