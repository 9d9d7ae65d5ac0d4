package io.streambert.processor.ops;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.MisconfiguredInternalTopicException;
import org.apache.kafka.streams.errors.MissingInternalTopicsException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.TaskAssignmentException;
import org.apache.kafka.streams.errors.TopologyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a stream thread that died of a transient error (broker or registry unreachable, a
 * timeout, a fenced producer) and shuts the client down for errors no retry can fix.
 *
 * <p>Fatal: JVM {@link Error}s (out of memory, a broken native library), authentication and
 * authorization failures, invalid or unsupported configuration, missing source topics, and topics
 * that do not fit the topology (see {@link Failure#TOPOLOGY_MISMATCH}). A replaced thread resumes
 * from the last commit, and the batch buffer is restored with it.
 *
 * <p>Two budgets stop a deterministic failure that looks transient from looping forever: more than
 * {@code maxReplacements} replacements within {@code window}, or more than {@code maxConsecutive}
 * replacements in a row for the same exception (same chain of exception classes), each within
 * {@code quietPeriod} of the previous one, shut the client down. The second catches failures that
 * take longer than the window allows (a thread that dies after a 35 s rebalance never reaches 10 a
 * minute). A thread that reaches {@code RUNNING} does not reset the streak: a poison error can fail
 * a thread after every successful restore.
 */
public final class StreamThreadExceptionHandler implements StreamsUncaughtExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(StreamThreadExceptionHandler.class);

  /** Default most replacements within {@link #DEFAULT_WINDOW}. */
  public static final int DEFAULT_MAX_REPLACEMENTS = 10;

  /** Default window of {@link #DEFAULT_MAX_REPLACEMENTS}. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

  /** Default most consecutive replacements for the same exception. */
  public static final int DEFAULT_MAX_CONSECUTIVE = 10;

  /** Default gap after which a repeated exception no longer counts as consecutive. */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMinutes(10);

  /**
   * Message fragments with which Kafka Streams 4.x reports topics whose partition counts do not fit
   * the topology: a changelog or repartition topic with fewer or more partitions than its source
   * ({@code InternalTopicManager}, {@code CopartitionedTopicsEnforcer}). The first is a plain
   * {@link StreamsException}, so the message is all there is to go by.
   */
  private static final List<String> PARTITION_MISMATCH_MESSAGES =
      List.of(
          "has invalid partitions",
          "doesn't match number of partitions",
          "do not have the same number of partitions",
          "not co-partitioned");

  /** What a stream thread died of, and the response it gets. */
  public enum Failure {
    /** May go away by itself: replace the thread. */
    TRANSIENT(StreamThreadExceptionResponse.REPLACE_THREAD),
    /** No retry can fix it: shut the client down. */
    FATAL(StreamThreadExceptionResponse.SHUTDOWN_CLIENT),
    /**
     * The topics do not fit the topology (most often: the input topic got more partitions, its
     * batch-buffer changelog did not); only an operator can fix it: shut the client down.
     */
    TOPOLOGY_MISMATCH(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);

    private final StreamThreadExceptionResponse response;

    Failure(StreamThreadExceptionResponse response) {
      this.response = response;
    }

    /** The handler's response to this kind of failure. */
    public StreamThreadExceptionResponse response() {
      return response;
    }
  }

  private final int maxReplacements;
  private final Duration window;
  private final int maxConsecutive;
  private final Duration quietPeriod;
  private final LongSupplier clockMs;
  private final Deque<Long> replacements = new ArrayDeque<>();
  private volatile Throwable shutdownCause;
  private String lastSignature;
  private long lastReplacementMs;
  private int consecutive;

  /**
   * Allows 10 replacements a minute and 10 in a row for the same exception (each within 10 minutes
   * of the previous); more means the error is not transient after all.
   */
  public StreamThreadExceptionHandler() {
    this(
        DEFAULT_MAX_REPLACEMENTS,
        DEFAULT_WINDOW,
        DEFAULT_MAX_CONSECUTIVE,
        DEFAULT_QUIET_PERIOD,
        System::currentTimeMillis);
  }

  /**
   * Allows {@code maxReplacements} thread replacements within {@code window} and {@code
   * maxConsecutive} replacements in a row for the same exception, each within {@code quietPeriod}
   * of the previous; the next transient error beyond either budget shuts the client down.
   */
  public StreamThreadExceptionHandler(
      int maxReplacements,
      Duration window,
      int maxConsecutive,
      Duration quietPeriod,
      LongSupplier clockMs) {
    if (maxReplacements < 0 || maxConsecutive < 0) {
      throw new IllegalArgumentException(
          "replacement budgets must be at least 0, found "
              + maxReplacements
              + " per window and "
              + maxConsecutive
              + " in a row");
    }
    this.maxReplacements = maxReplacements;
    this.window = window;
    this.maxConsecutive = maxConsecutive;
    this.quietPeriod = quietPeriod;
    this.clockMs = clockMs;
  }

  /** The error that made this handler shut the client down, if it has. */
  public Optional<Throwable> shutdownCause() {
    return Optional.ofNullable(shutdownCause);
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    StreamThreadExceptionResponse response = respond(exception);
    if (response == StreamThreadExceptionResponse.SHUTDOWN_CLIENT && shutdownCause == null) {
      shutdownCause = exception;
    }
    return response;
  }

  private StreamThreadExceptionResponse respond(Throwable exception) {
    Failure failure = failureOf(exception);
    switch (failure) {
      case TOPOLOGY_MISMATCH -> {
        log.error(
            "Stream thread died because the topics do not match the topology: {}. No retry can"
                + " fix this; shutting the processor down. If the input topic got more partitions,"
                + " stop every instance, raise the batch-buffer changelog topic"
                + " (<application.id>-batch-buffer-changelog) to the input topic's partition count"
                + " with kafka-topics.sh --alter, then start again (ops/runbooks/scaling.md, 'Adding"
                + " input partitions'). Do not reset the application: that deletes the changelog"
                + " and loses the buffered records.",
            rootMessage(exception),
            exception);
        return failure.response();
      }
      case FATAL -> {
        log.error("Stream thread died of a fatal error; shutting the processor down", exception);
        return failure.response();
      }
      default -> {
        return replaceWithinBudget(exception);
      }
    }
  }

  private StreamThreadExceptionResponse replaceWithinBudget(Throwable exception) {
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
    String signature = signature(exception);
    boolean sameAsLast =
        signature.equals(lastSignature) && now - lastReplacementMs <= quietPeriod.toMillis();
    int streak = sameAsLast ? consecutive : 0;
    if (streak >= maxConsecutive) {
      log.error(
          "Stream threads died {} times in a row of {}, each within {} of the previous; the error"
              + " is not transient, shutting down",
          streak + 1,
          signature,
          quietPeriod,
          exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replacements.addLast(now);
    lastSignature = signature;
    lastReplacementMs = now;
    consecutive = streak + 1;
    log.warn(
        "Stream thread died of a transient error ({} in a row); replacing it",
        consecutive,
        exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** The response for {@code exception}, judged by it and its causes. */
  public static StreamThreadExceptionResponse classify(Throwable exception) {
    return failureOf(exception).response();
  }

  /** What {@code exception} (or one of its causes) says the thread died of. */
  public static Failure failureOf(Throwable exception) {
    Failure found = Failure.TRANSIENT;
    for (Throwable t : causalChain(exception)) {
      if (isTopologyMismatch(t)) {
        return Failure.TOPOLOGY_MISMATCH;
      }
      if (t instanceof Error
          || t instanceof AuthenticationException
          || t instanceof AuthorizationException
          || t instanceof InvalidConfigurationException
          || t instanceof UnsupportedVersionException
          || t instanceof MissingSourceTopicException
          || t instanceof MissingInternalTopicsException) {
        found = Failure.FATAL;
      }
    }
    return found;
  }

  /**
   * The authentication or authorization error in {@code exception}'s chain: Kafka refused the
   * processor's credentials or rights.
   */
  public static Optional<Throwable> accessRefusal(Throwable exception) {
    if (exception == null) {
      return Optional.empty();
    }
    return causalChain(exception).stream()
        .filter(t -> t instanceof AuthenticationException || t instanceof AuthorizationException)
        .findFirst();
  }

  private static boolean isTopologyMismatch(Throwable t) {
    return t instanceof TopologyException
        || t instanceof TaskAssignmentException
        || t instanceof MisconfiguredInternalTopicException
        || isPartitionMismatch(t);
  }

  private static boolean isPartitionMismatch(Throwable t) {
    if (!(t instanceof StreamsException) || t.getMessage() == null) {
      return false;
    }
    String message = t.getMessage().toLowerCase(Locale.ROOT);
    return PARTITION_MISMATCH_MESSAGES.stream().anyMatch(message::contains);
  }

  /** The exception and its causes, outermost first, stopping at a cycle. */
  private static List<Throwable> causalChain(Throwable exception) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = exception; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /**
   * The classes of the exception and its causes, e.g. {@code StreamsException<-TimeoutException}.
   */
  static String signature(Throwable exception) {
    return String.join(
        "<-", causalChain(exception).stream().map(t -> t.getClass().getName()).toList());
  }

  private static String rootMessage(Throwable exception) {
    for (Throwable t : causalChain(exception)) {
      if (isTopologyMismatch(t) && t.getMessage() != null) {
        return t.getMessage().strip().replaceAll("\\.+$", "");
      }
    }
    return String.valueOf(exception.getMessage());
  }
}
