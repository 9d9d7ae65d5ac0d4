package io.streambert.processor.rollout;

/**
 * Fetches, verifies, loads and checks the model of a release. Runs on the rollout's loader thread,
 * never on a stream thread, one release at a time.
 */
@FunctionalInterface
public interface ReleaseLoader extends AutoCloseable {

  /** Loads {@code release}; every failure is a {@link LoadOutcome.Rejected}, never an exception. */
  LoadOutcome load(Release release);

  /** Releases what the loader holds (a bundle cache, say); nothing by default. */
  @Override
  default void close() {}
}
