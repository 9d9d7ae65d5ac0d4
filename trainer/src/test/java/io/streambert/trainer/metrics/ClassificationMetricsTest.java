package io.streambert.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  @Test
  void shouldComputeAccuracyAndMacroF1ByHand() {
    // a: tp 2, predicted 2, gold 3 -> F1 4/5; b: tp 1, predicted 2, gold 2 -> 2/4;
    // c: tp 1, predicted 2, gold 1 -> 2/3. Macro = (0.8 + 0.5 + 0.6667) / 3.
    ClassificationResult r =
        ClassificationMetrics.evaluate(
            "sentiment",
            List.of("a", "b", "c", "d"),
            List.of("a", "a", "a", "b", "b", "c"),
            List.of("a", "a", "b", "b", "c", "c"));

    assertThat(r.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(r.macroF1()).isCloseTo((0.8 + 0.5 + 2.0 / 3) / 3, within(1e-12));
    assertThat(r.perLabel().get("a")).isEqualTo(new Counts(2, 2, 3));
    assertThat(r.perLabel().get("a").precision()).isEqualTo(1.0);
    assertThat(r.perLabel().get("a").recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.perLabel().get("d")).isEqualTo(new Counts(0, 0, 0));
    assertThat(r.toMap())
        .containsOnly(
            entry("sentiment.accuracy", r.accuracy()), entry("sentiment.macro_f1", r.macroF1()));
    assertThat(r.toText()).contains("accuracy 0.6667").contains("macro F1 0.6556");
  }

  @Test
  void shouldGiveMajorityClassHalfMacroF1OnBalancedBinary() {
    ClassificationResult r =
        ClassificationMetrics.evaluate(
            "sentiment",
            List.of("negative", "positive"),
            List.of("negative", "negative", "positive", "positive"),
            List.of("positive", "positive", "positive", "positive"));

    // positive: P 0.5, R 1 -> F1 2/3; negative: never predicted -> F1 0.
    assertThat(r.accuracy()).isEqualTo(0.5);
    assertThat(r.macroF1()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void shouldRejectMismatchedOrUnknownLabels() {
    assertThatThrownBy(
            () -> ClassificationMetrics.evaluate("s", List.of("a", "b"), List.of("a"), List.of()))
        .hasMessageContaining("found 1 gold and 0 predicted");
    assertThatThrownBy(
            () ->
                ClassificationMetrics.evaluate("s", List.of("a", "b"), List.of("a"), List.of("z")))
        .hasMessageContaining("unknown label z");
  }
}
