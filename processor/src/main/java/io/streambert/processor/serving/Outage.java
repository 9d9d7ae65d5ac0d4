package io.streambert.processor.serving;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the calling thread wait out a failure that is not the record's fault (a resource briefly
 * gone) instead of dead-lettering good records or dying, and tells readiness while any thread
 * waits.
 *
 * <p>What counts as an outage is the subclass's {@link #isOutage}. The call is retried with
 * exponential backoff until it succeeds or {@link #close()} is called; any other failure passes
 * through at once. What the caller holds stays in hand, so record order and routing are those of a
 * resource that never went away.
 */
public abstract class Outage implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Outage.class);

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final String what;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Object wakeUp = new Object();
  private volatile boolean closed;
  private volatile String lastFailure = "";

  /**
   * Waits {@code initialBackoff}, doubled after each failed attempt up to {@code maxBackoff}.
   *
   * @param what what is out, for the log ("Schema registry")
   */
  protected Outage(String what, Duration initialBackoff, Duration maxBackoff) {
    if (initialBackoff.isNegative()
        || initialBackoff.isZero()
        || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "expected 0 < initialBackoff <= maxBackoff, found "
              + initialBackoff
              + " and "
              + maxBackoff);
    }
    this.what = what;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** Whether {@code failure} is this outage, one that may pass, rather than the call's fault. */
  protected abstract boolean isOutage(RuntimeException failure);

  /**
   * The result of {@code call}, retried while it fails with this outage.
   *
   * @throws RuntimeException a failure that is not the outage at once, the outage once closed
   */
  public <T> T retrying(Supplier<T> call) {
    long startedMs = 0;
    boolean counted = false;
    try {
      for (int attempt = 0; ; attempt++) {
        try {
          T value = call.get();
          if (counted) {
            log.info(
                "{} back after {} ms ({} attempts); going on",
                what,
                System.currentTimeMillis() - startedMs,
                attempt + 1);
          }
          return value;
        } catch (RuntimeException e) {
          if (!isOutage(e) || closed) {
            throw e;
          }
          lastFailure = String.valueOf(e.getMessage());
          if (!counted) {
            counted = true;
            startedMs = System.currentTimeMillis();
            waiting.incrementAndGet();
            log.warn(
                "{} unavailable; holding the work in hand and retrying until it passes (not ready"
                    + " meanwhile): {}",
                what,
                e.getMessage());
          }
          if (!pause(backoff(attempt))) {
            throw e;
          }
        }
      }
    } finally {
      // However the call ends (a value, the outage's error, any other failure), it waits no more.
      if (counted) {
        waiting.decrementAndGet();
      }
    }
  }

  /** Whether a thread is waiting out this outage now. */
  public boolean down() {
    return waiting.get() > 0;
  }

  /** The last outage's error message, or empty before any. */
  public String lastFailure() {
    return lastFailure;
  }

  /** The wait after failed attempt {@code attempt} (0-based). */
  public Duration backoff(int attempt) {
    long initial = initialBackoff.toMillis();
    long wait = attempt >= 30 ? Long.MAX_VALUE : initial << attempt;
    return Duration.ofMillis(Math.min(wait, maxBackoff.toMillis()));
  }

  /** Sleeps {@code wait} unless closed first; false when closed. */
  private boolean pause(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    synchronized (wakeUp) {
      while (!closed) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        try {
          wakeUp.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  /** Ends every wait: the waiting threads give up with the outage's error (shutdown). */
  @Override
  public void close() {
    closed = true;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }
}
