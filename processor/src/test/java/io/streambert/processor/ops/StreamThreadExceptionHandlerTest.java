package io.streambert.processor.ops;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.MisconfiguredInternalTopicException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskAssignmentException;
import org.apache.kafka.streams.errors.TopologyException;
import org.junit.jupiter.api.Test;

class StreamThreadExceptionHandlerTest {

  @Test
  void shouldReplaceThreadForTransientErrors() {
    assertThat(
            StreamThreadExceptionHandler.classify(new StreamsException(new TimeoutException("t"))))
        .isEqualTo(REPLACE_THREAD);
    assertThat(StreamThreadExceptionHandler.classify(new IllegalStateException("x")))
        .isEqualTo(REPLACE_THREAD);
  }

  @Test
  void shouldShutDownForFatalErrorsAnywhereInTheCauseChain() {
    assertThat(StreamThreadExceptionHandler.classify(new OutOfMemoryError()))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(
            StreamThreadExceptionHandler.classify(
                new StreamsException(new SaslAuthenticationException("bad password"))))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(
            StreamThreadExceptionHandler.classify(
                new StreamsException(new TopicAuthorizationException("no access"))))
        .isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldShutDownWhenTransientErrorsRepeatTooOftenWithinTheWindow() {
    AtomicLong now = new AtomicLong(0);
    StreamThreadExceptionHandler handler =
        new StreamThreadExceptionHandler(
            3, Duration.ofSeconds(60), 100, Duration.ofHours(1), now::get);
    RuntimeException transientError = new StreamsException(new TimeoutException("t"));

    assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
    assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
    assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
    assertThat(handler.handle(transientError)).isEqualTo(SHUTDOWN_CLIENT);

    now.set(61_000);
    assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
  }

  /** The exception Kafka Streams 4.3.1's InternalTopicManager throws, message verbatim. */
  private static StreamsException changelogPartitionMismatch() {
    return new StreamsException(
        String.format(
            "Existing internal topic %s has invalid partitions: expected: %d; actual: %d. Use"
                + " 'org.apache.kafka.tools.StreamsResetter' tool to clean up invalid topics before"
                + " processing.",
            "streambert-processor-batch-buffer-changelog", 5, 4));
  }

  @Test
  void shouldShutDownWhenTheChangelogPartitionCountDoesNotMatchTheInput() {
    // As the stream thread reports it: the assignor's exception, possibly wrapped again.
    assertThat(StreamThreadExceptionHandler.classify(changelogPartitionMismatch()))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(
            StreamThreadExceptionHandler.classify(
                new StreamsException("stream-thread failed", changelogPartitionMismatch())))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(StreamThreadExceptionHandler.failureOf(changelogPartitionMismatch()))
        .isEqualTo(StreamThreadExceptionHandler.Failure.TOPOLOGY_MISMATCH);

    StreamThreadExceptionHandler handler = new StreamThreadExceptionHandler();
    assertThat(handler.handle(changelogPartitionMismatch())).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldShutDownForTopologyAndAssignmentErrorsOfKafkaStreams() {
    assertThat(
            StreamThreadExceptionHandler.classify(
                new TopologyException(
                    "Number of partitions [4] of repartition topic [r] doesn't match number of"
                        + " partitions [5] of the source topic.")))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(
            StreamThreadExceptionHandler.classify(
                new StreamsException(new TaskAssignmentException("assignment failed"))))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(
            StreamThreadExceptionHandler.classify(
                new MisconfiguredInternalTopicException("changelog has 4 partitions")))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(
            StreamThreadExceptionHandler.classify(
                new MissingSourceTopicException("Missing source topics [text-in]")))
        .isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldNotMistakeAnOrdinaryStreamsExceptionForAPartitionMismatch() {
    assertThat(StreamThreadExceptionHandler.classify(new StreamsException("task 0_1 failed")))
        .isEqualTo(REPLACE_THREAD);
  }

  @Test
  void shouldShutDownAfterTooManyConsecutiveReplacementsForTheSameErrorHoweverSlow() {
    AtomicLong now = new AtomicLong(0);
    // 10 a minute would never trip: each failure comes 35 s after the previous one.
    StreamThreadExceptionHandler handler =
        new StreamThreadExceptionHandler(
            10, Duration.ofMinutes(1), 3, Duration.ofMinutes(10), now::get);
    RuntimeException sameError = new StreamsException(new IllegalStateException("deterministic"));

    for (int i = 0; i < 3; i++) {
      assertThat(handler.handle(sameError)).isEqualTo(REPLACE_THREAD);
      now.addAndGet(35_000);
    }
    assertThat(handler.handle(sameError)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldRestartTheStreakForADifferentErrorOrAfterAQuietPeriod() {
    AtomicLong now = new AtomicLong(0);
    StreamThreadExceptionHandler handler =
        new StreamThreadExceptionHandler(
            10, Duration.ofMinutes(1), 2, Duration.ofMinutes(10), now::get);
    RuntimeException timeout = new StreamsException(new TimeoutException("t"));
    RuntimeException other = new StreamsException(new IllegalStateException("x"));

    assertThat(handler.handle(timeout)).isEqualTo(REPLACE_THREAD);
    now.addAndGet(35_000);
    assertThat(handler.handle(timeout)).isEqualTo(REPLACE_THREAD);
    now.addAndGet(35_000);
    assertThat(handler.handle(other)).isEqualTo(REPLACE_THREAD);
    now.addAndGet(35_000);
    assertThat(handler.handle(timeout)).isEqualTo(REPLACE_THREAD);
    now.addAndGet(11 * 60_000);
    assertThat(handler.handle(timeout)).isEqualTo(REPLACE_THREAD);
    now.addAndGet(35_000);
    assertThat(handler.handle(timeout)).isEqualTo(REPLACE_THREAD);
    now.addAndGet(35_000);
    assertThat(handler.handle(timeout)).isEqualTo(SHUTDOWN_CLIENT);
  }
}
