package io.streambert.processor.serving;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Caps the forward passes that run at once on an instance's shared model.
 *
 * <p>Every stream task may have a batch in flight (pipelined batching gives each task its own
 * inference thread), so an instance with many partitions could otherwise start as many passes at
 * once, each asking ONNX Runtime for all of its intra-op threads and each holding its activations:
 * cores oversubscribed and memory multiplied. A pass waits here for a permit; a pipelined task
 * keeps reading and buffering meanwhile, a task without pipelining holds its stream thread.
 *
 * <p>A pass whose model cannot work (out of memory, or failing its probe) waits here too, with its
 * permit, and runs again ({@link ModelOutage}): its records are not dead-lettered for it.
 */
public final class PassLimiter {

  private final int permits;
  private final Semaphore semaphore;
  private final ModelOutage modelOutage;

  /**
   * A limiter letting {@code permits} passes run at once.
   *
   * @param permits at least 1
   */
  public PassLimiter(int permits) {
    this(permits, new ModelOutage());
  }

  /**
   * A limiter letting {@code permits} passes run at once, passes whose model cannot work waiting
   * with {@code modelOutage}.
   *
   * @param permits at least 1
   */
  public PassLimiter(int permits, ModelOutage modelOutage) {
    if (permits < 1) {
      throw new IllegalArgumentException("expected at least 1 concurrent pass, found " + permits);
    }
    this.permits = permits;
    this.semaphore = new Semaphore(permits, true);
    this.modelOutage = modelOutage;
  }

  /** A limiter that never makes a pass wait. */
  public static PassLimiter unlimited() {
    return new PassLimiter(Integer.MAX_VALUE);
  }

  /**
   * The cap that keeps the cores busy without oversubscribing them: one pass per {@code
   * intraOpThreads} cores ({@code 0} = ONNX Runtime's default, one thread per core, hence one
   * pass), at least 1.
   *
   * @param cores cores available to the instance
   * @param intraOpThreads the configured intra-op threads of one pass, 0 for ONNX Runtime's default
   */
  public static int permitsFor(int cores, int intraOpThreads) {
    if (cores < 1 || intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "expected cores >= 1 and intraOpThreads >= 0, found " + cores + ", " + intraOpThreads);
    }
    int perPass = intraOpThreads == 0 ? cores : intraOpThreads;
    return Math.max(1, cores / perPass);
  }

  /** Passes that could start at once now (a snapshot: other callers may take them). */
  public int freePermits() {
    return semaphore.availablePermits();
  }

  /**
   * Passes waiting for a permit now (a snapshot). A pass counted here cannot run before a running
   * one ends, which lets tests check the cap without waiting for something not to happen.
   */
  public int waitingPasses() {
    return semaphore.getQueueLength();
  }

  /** How passes whose model cannot work wait: readiness asks it whether one does now. */
  public ModelOutage modelOutage() {
    return modelOutage;
  }

  /** Passes allowed at once. */
  public int permits() {
    return permits;
  }

  /**
   * Holds one permit for work that competes with the passes for the same cores (loading a new
   * model: fetch, unpack, session creation), so that it gets the share of a pass rather than one
   * thread's share among all of them. Takes nothing when the limiter has a single permit (serving
   * would stop), or when no permit frees within {@code wait} (passes held by an outage must not
   * keep a release that could end it from loading).
   *
   * @return the hold, released by {@link Hold#close()}
   */
  public Hold holdOneBeside(Duration wait) {
    if (permits < 2) {
      return Hold.NONE;
    }
    try {
      if (semaphore.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
          if (held.getAndSet(false)) {
            semaphore.release();
          }
        };
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Hold.NONE;
  }

  /** A permit held outside a pass; closing it more than once releases it once. */
  @FunctionalInterface
  public interface Hold extends AutoCloseable {
    /** Holds nothing. */
    Hold NONE = () -> {};

    @Override
    void close();
  }

  /**
   * Runs {@code pass} once a permit is free and returns its result; while it fails with a {@link
   * ModelOutage}, runs it again after a wait, keeping the permit.
   *
   * @throws IllegalStateException when interrupted while waiting (the interrupt flag is kept)
   */
  public <T> T run(Supplier<T> pass) {
    try {
      semaphore.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to run a forward pass", e);
    }
    try {
      return modelOutage.retrying(pass);
    } finally {
      semaphore.release();
    }
  }
}
