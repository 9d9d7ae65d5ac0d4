package io.streambert.processor.topology;

import io.streambert.processor.serving.Outage;
import io.streambert.schemas.registry.SchemaRegistryException;
import java.time.Duration;

/**
 * Makes a stream thread wait out a schema registry outage instead of dead-lettering good records or
 * dying, and tells readiness while any thread waits.
 *
 * <p>An outage is a {@link SchemaRegistryException} that {@link
 * SchemaRegistryException#isTransient() may pass}: no response, HTTP 5xx or 429. The record in hand
 * stays in hand ({@link Outage}); any other failure passes through at once.
 */
public final class RegistryOutage extends Outage {

  /** First wait between attempts. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);

  /** Longest wait between attempts. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  /** Waits {@code initialBackoff}, doubled after each failed attempt up to {@code maxBackoff}. */
  public RegistryOutage(Duration initialBackoff, Duration maxBackoff) {
    super("Schema registry", initialBackoff, maxBackoff);
  }

  /** With {@link #DEFAULT_INITIAL_BACKOFF} and {@link #DEFAULT_MAX_BACKOFF}. */
  public RegistryOutage() {
    this(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
  }

  @Override
  protected boolean isOutage(RuntimeException failure) {
    return failure instanceof SchemaRegistryException e && e.isTransient();
  }
}
