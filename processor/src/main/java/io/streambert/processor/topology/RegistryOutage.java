package io.streambert.processor.topology;

import io.streambert.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a stream thread wait out a schema registry outage instead of dead-lettering good records or
 * dying, and tells readiness while any thread waits.
 *
 * <p>An outage is a {@link SchemaRegistryException} that {@link
 * SchemaRegistryException#isTransient() may pass}: no response, HTTP 5xx or 429. The call is
 * retried with exponential backoff until it succeeds or {@link #close()} is called; any other
 * failure passes through at once. The record in hand stays in hand, so record order and routing are
 * those of a registry that never went away.
 */
public final class RegistryOutage implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryOutage.class);

  /** First wait between attempts. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);

  /** Longest wait between attempts. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Object wakeUp = new Object();
  private volatile boolean closed;
  private volatile String lastFailure = "";

  /** Waits {@code initialBackoff}, doubled after each failed attempt up to {@code maxBackoff}. */
  public RegistryOutage(Duration initialBackoff, Duration maxBackoff) {
    if (initialBackoff.isNegative()
        || initialBackoff.isZero()
        || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "expected 0 < initialBackoff <= maxBackoff, found "
              + initialBackoff
              + " and "
              + maxBackoff);
    }
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** With {@link #DEFAULT_INITIAL_BACKOFF} and {@link #DEFAULT_MAX_BACKOFF}. */
  public RegistryOutage() {
    this(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
  }

  /**
   * The result of {@code call}, retried while it fails with a transient registry error.
   *
   * @throws SchemaRegistryException a non-transient one at once, a transient one once closed
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
                "Schema registry reachable again after {} ms ({} attempts); going on",
                System.currentTimeMillis() - startedMs,
                attempt + 1);
          }
          return value;
        } catch (SchemaRegistryException e) {
          if (!e.isTransient() || closed) {
            throw e;
          }
          lastFailure = e.getMessage();
          if (!counted) {
            counted = true;
            startedMs = System.currentTimeMillis();
            waiting.incrementAndGet();
            log.warn(
                "Schema registry unreachable; holding the record and retrying until it answers"
                    + " (not ready meanwhile): {}",
                e.getMessage());
          }
          if (!pause(backoff(attempt))) {
            throw e;
          }
        }
      }
    } finally {
      // However the call ends (a value, the registry error, any other failure), it waits no more.
      if (counted) {
        waiting.decrementAndGet();
      }
    }
  }

  /** Whether a stream thread is waiting for the registry now. */
  public boolean down() {
    return waiting.get() > 0;
  }

  /** The last outage's error message, or empty before any. */
  public String lastFailure() {
    return lastFailure;
  }

  /** The wait after failed attempt {@code attempt} (0-based). */
  Duration backoff(int attempt) {
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

  /** Ends every wait: the waiting threads give up with the registry's error (shutdown). */
  @Override
  public void close() {
    closed = true;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }
}
