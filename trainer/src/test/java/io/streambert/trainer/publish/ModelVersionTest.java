package io.streambert.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ModelVersionTest {

  @Test
  void shouldOrderNumericPartsByValue() {
    List<String> sorted =
        Stream.of("1.10", "1.9", "1.9.1", "2", "1.0", "2026.11.28-2", "2026.11.28-10", "1.0-rc1")
            .map(ModelVersion::parse)
            .sorted()
            .map(ModelVersion::toString)
            .toList();

    assertThat(sorted)
        .containsExactly(
            "1.0", "1.0-rc1", "1.9", "1.9.1", "1.10", "2", "2026.11.28-2", "2026.11.28-10");
  }

  @Test
  void shouldRejectVersionsUnsafeAsFileNames() {
    for (String bad : List.of("", "../1", "1/2", "-1", " 1", "1 2", ".hidden")) {
      assertThatThrownBy(() -> ModelVersion.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("found \"" + bad + "\"");
    }
  }

  @Test
  void shouldBeEqualOnlyToSameText() {
    assertThat(ModelVersion.parse("1.0")).isEqualTo(ModelVersion.parse("1.0"));
    assertThat(ModelVersion.parse("1.0")).isNotEqualTo(ModelVersion.parse("1.00"));
    assertThat(ModelVersion.parse("1.0").compareTo(ModelVersion.parse("1.00"))).isNotZero();
  }
}
