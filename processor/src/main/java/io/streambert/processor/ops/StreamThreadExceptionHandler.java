package io.streambert.processor.ops;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a stream thread that died of a transient error (broker or registry unreachable, a
 * timeout, a fenced producer) and shuts the client down for errors no retry can fix.
 *
 * <p>Fatal: JVM {@link Error}s (out of memory, a broken native library), authentication and
 * authorization failures, invalid or unsupported configuration, missing source topics. A replaced
 * thread resumes from the last commit, and the batch buffer is restored with it.
 */
public final class StreamThreadExceptionHandler implements StreamsUncaughtExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(StreamThreadExceptionHandler.class);

  private final int maxReplacements;
  private final Duration window;
  private final LongSupplier clockMs;
  private final Deque<Long> replacements = new ArrayDeque<>();

  /** Allows 10 replacements a minute; more means the error is not transient after all. */
  public StreamThreadExceptionHandler() {
    this(10, Duration.ofMinutes(1), System::currentTimeMillis);
  }

  /**
   * Allows {@code maxReplacements} thread replacements within {@code window}; the next transient
   * error in that window shuts the client down, so a deterministic failure cannot loop forever.
   */
  public StreamThreadExceptionHandler(int maxReplacements, Duration window, LongSupplier clockMs) {
    this.maxReplacements = maxReplacements;
    this.window = window;
    this.clockMs = clockMs;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    StreamThreadExceptionResponse response = classify(exception);
    if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
      long now = clockMs.getAsLong();
      while (!replacements.isEmpty() && now - replacements.peekFirst() > window.toMillis()) {
        replacements.removeFirst();
      }
      if (replacements.size() >= maxReplacements) {
        log.error(
            "Stream threads died {} times within {}; the error is not transient, shutting down",
            replacements.size() + 1,
            window,
            exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
      replacements.addLast(now);
    }
    if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
      log.warn("Stream thread died of a transient error; replacing it", exception);
    } else {
      log.error("Stream thread died of a fatal error; shutting the processor down", exception);
    }
    return response;
  }

  /** The response for {@code exception}, judged by it and its causes. */
  public static StreamThreadExceptionResponse classify(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof Error
          || t instanceof AuthenticationException
          || t instanceof AuthorizationException
          || t instanceof InvalidConfigurationException
          || t instanceof UnsupportedVersionException
          || t instanceof MissingSourceTopicException) {
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
