package io.streambert.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InputLimitsTest {

  @Test
  void shouldAcceptATextOfExactlyTheLimitAndRefuseOneByteMore() {
    InputLimits limits = new InputLimits(100);

    assertThat(limits.tooLong(100)).isFalse();
    assertThat(limits.tooLong(101)).isTrue();
  }

  @Test
  void shouldRefuseALimitBelowOneByteAndSayWhatItFound() {
    assertThatThrownBy(() -> new InputLimits(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1")
        .hasMessageContaining("found 0");
  }

  @Test
  void shouldTakeTheTextLimitFromTheConfiguration() {
    ProcessorConfig config =
        ProcessorConfig.of(
            Map.of(
                ProcessorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092",
                ProcessorConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081",
                ProcessorConfig.TEXT_MAX_BYTES, "4000"));

    assertThat(config.inputLimits()).isEqualTo(new InputLimits(4000));
  }
}
