package io.streambert.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  private static final ClassificationResult SENTIMENT =
      ClassificationMetrics.evaluate(
          "sentiment",
          List.of("negative", "positive"),
          List.of("negative", "positive", "positive", "negative"),
          List.of("negative", "positive", "negative", "negative"));

  // Gold: PER (0-1) and LOC (3); predicted: PER (0-1) right, LOC (3) as ORG.
  private static final TaggingResult ENTITIES =
      EntityMetrics.evaluate(
          "entities",
          List.of(List.of("B-PER", "I-PER", "O", "B-LOC")),
          List.of(List.of("B-PER", "I-PER", "O", "B-ORG")));

  @Test
  void shouldNameEveryMetricWithItsTaskPrefixAndPerType() {
    Evaluation evaluation = new Evaluation(Optional.of(SENTIMENT), Optional.of(ENTITIES));

    assertThat(evaluation.metrics())
        .containsEntry("sentiment.accuracy", 0.75)
        .containsEntry("entities.f1", 0.5)
        .containsEntry("entities.f1.PER", 1.0)
        .containsEntry("entities.f1.LOC", 0.0)
        .containsEntry("entities.precision.ORG", 0.0)
        .containsKeys("sentiment.macro_f1", "entities.precision", "entities.recall");
    assertThat(evaluation.metrics().keySet().iterator().next()).isEqualTo("sentiment.accuracy");
  }

  @Test
  void shouldScoreTheMeanOfAccuracyAndEntityF1OverTheTasksPresent() {
    assertThat(new Evaluation(Optional.of(SENTIMENT), Optional.of(ENTITIES)).score())
        .isCloseTo((0.75 + 0.5) / 2, within(1e-12));
    assertThat(new Evaluation(Optional.empty(), Optional.of(ENTITIES)).score()).isEqualTo(0.5);
    assertThat(Evaluation.none().score()).isZero();
    assertThat(Evaluation.none().metrics()).isEmpty();
  }

  @Test
  void shouldReportBothTablesAndTheConfusionTable() {
    String text = new Evaluation(Optional.of(SENTIMENT), Optional.of(ENTITIES)).toText();

    assertThat(text).contains("sentiment: accuracy 0.7500", "entities: F1 0.5000", "gold\\pred");
    assertThat(text.indexOf("sentiment:")).isLessThan(text.indexOf("entities:"));
  }
}
