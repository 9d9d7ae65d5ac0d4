package io.streambert.processor.ops;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
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
        new StreamThreadExceptionHandler(3, Duration.ofSeconds(60), now::get);
    RuntimeException transientError = new StreamsException(new TimeoutException("t"));

    assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
    assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
    assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
    assertThat(handler.handle(transientError)).isEqualTo(SHUTDOWN_CLIENT);

    now.set(61_000);
    assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
  }
}
