package io.streambert.processor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  @Test
  void shouldDoubleTheWaitAfterEachRejectionUpToTheCap() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(10));

    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(480));
    assertThat(backoff.after(6)).isEqualTo(Duration.ofMinutes(10));
    assertThat(backoff.after(1_000)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldRefuseACapBelowTheFirstWait() {
    assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 0 < initial <= max");
  }
}
