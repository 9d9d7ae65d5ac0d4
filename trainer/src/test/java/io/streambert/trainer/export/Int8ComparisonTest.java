package io.streambert.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class Int8ComparisonTest {
  private static final Int8Tolerance TOLERANCE = new Int8Tolerance(0.5, 1.0, 0.95);

  @Test
  void shouldPassWithinEveryLimit() {
    // Given an int8 bundle 0.4 accuracy points and 0.9 F1 points under fp32, 96 % unchanged
    Int8Comparison c =
        new Int8Comparison(
            Optional.of(new Int8Comparison.Task("sentiment.accuracy", 1000, 0.900, 0.896, 960)),
            Optional.of(new Int8Comparison.Task("entities.f1", 100, 0.880, 0.871, 99)),
            TOLERANCE);

    assertThat(c.failures()).isEmpty();
    assertThat(c.passed()).isTrue();
    assertThat(c.metrics())
        .containsEntry("sentiment.accuracy", 0.896)
        .containsEntry("int8.sentiment.accuracy.fp32", 0.900)
        .containsEntry("int8.sentiment.agreement", 0.96)
        .containsEntry("int8.entities.agreement", 0.99);
    assertThat(c.metrics().get("int8.entities.f1.drop_points")).isCloseTo(0.9, within());
  }

  @Test
  void shouldRefuseAnAccuracyDropPastItsLimit() {
    Int8Comparison c =
        new Int8Comparison(
            Optional.of(new Int8Comparison.Task("sentiment.accuracy", 1000, 0.900, 0.894, 990)),
            Optional.empty(),
            TOLERANCE);

    assertThat(c.passed()).isFalse();
    assertThat(c.failures())
        .containsExactly(
            "sentiment.accuracy: expected a drop of at most 0.50 points, found 0.60 (fp32 0.9000,"
                + " int8 0.8940)");
  }

  @Test
  void shouldRefuseAnEntityF1DropAndTooFewUnchangedPredictions() {
    Int8Comparison c =
        new Int8Comparison(
            Optional.empty(),
            Optional.of(new Int8Comparison.Task("entities.f1", 200, 0.880, 0.860, 180)),
            TOLERANCE);

    assertThat(c.failures())
        .containsExactly(
            "entities.f1: expected a drop of at most 1.00 points, found 2.00 (fp32 0.8800, int8"
                + " 0.8600)",
            "entities.f1: expected at least 95.00% of the predictions unchanged, found 90.00% (180"
                + " of 200)");
    assertThat(new Int8RefusedException(c))
        .hasMessageStartingWith("refused the int8 bundle: entities.f1: expected a drop");
  }

  @Test
  void shouldNeverRefuseAnInt8BundleThatScoresHigher() {
    Int8Comparison c =
        new Int8Comparison(
            Optional.of(new Int8Comparison.Task("sentiment.accuracy", 10, 0.5, 0.9, 10)),
            Optional.empty(),
            TOLERANCE);
    assertThat(c.passed()).isTrue();
  }

  @Test
  void shouldRefuseLimitsOutOfRange() {
    assertThatThrownBy(() -> new Int8Tolerance(-1, 1, 0.9))
        .hasMessage("expected drops >= 0 points, found accuracy -1.0 and entity F1 1.0");
    assertThatThrownBy(() -> new Int8Tolerance(1, 1, 1.5))
        .hasMessage("expected an agreement between 0 and 1, found 1.5");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
