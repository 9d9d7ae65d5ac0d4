package io.streambert.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntityMetricsTest {

  private static TaggingResult score(List<List<String>> gold, List<List<String>> predicted) {
    return EntityMetrics.evaluate("entities", gold, predicted);
  }

  @Test
  void shouldNotCountPartialSpans() {
    // Seqeval's README example: the predicted MISC starts one word early.
    TaggingResult r =
        score(
            List.of(
                List.of("O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"),
                List.of("B-PER", "I-PER", "O")),
            List.of(
                List.of("O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"),
                List.of("B-PER", "I-PER", "O")));

    assertThat(r.overall()).isEqualTo(new Counts(1, 2, 2));
    assertThat(r.f1()).isEqualTo(0.5);
    assertThat(r.perType().get("MISC")).isEqualTo(new Counts(0, 1, 1));
    assertThat(r.perType().get("PER")).isEqualTo(new Counts(1, 1, 1));
  }

  @Test
  void shouldNotCountWrongTypeWithRightBoundaries() {
    TaggingResult r =
        score(List.of(List.of("B-ORG", "I-ORG", "O")), List.of(List.of("B-PER", "I-PER", "O")));

    assertThat(r.overall()).isEqualTo(new Counts(0, 1, 1));
    assertThat(r.confusion().count("ORG", "PER")).isEqualTo(1);
    assertThat(r.confusion().count("ORG", ConfusionTable.NONE)).isZero();
  }

  @Test
  void shouldTreatInsideWithoutBeginAsEntityStart() {
    TaggingResult r =
        score(
            List.of(List.of("O", "I-MISC", "I-MISC", "O")),
            List.of(List.of("O", "B-MISC", "I-MISC", "O")));

    assertThat(r.overall()).isEqualTo(new Counts(1, 1, 1));
    assertThat(Chunks.extract(List.of("I-PER", "I-LOC", "B-LOC", "I-LOC", "O", "I-PER")))
        .containsExactly(
            new Chunk("PER", 0, 1),
            new Chunk("LOC", 1, 2),
            new Chunk("LOC", 2, 4),
            new Chunk("PER", 5, 6));
  }

  @Test
  void shouldComputePerTypeAndMicroFiguresAndConfusionByHand() {
    List<List<String>> gold =
        List.of(
            List.of("B-PER", "I-PER", "O", "B-ORG", "O"), // PER(0,2) ORG(3,4)
            List.of("B-LOC", "O", "B-PER"), // LOC(0,1) PER(2,3)
            List.of("O", "B-ORG", "I-ORG")); // ORG(1,3)
    List<List<String>> predicted =
        List.of(
            List.of("B-PER", "I-PER", "O", "B-LOC", "O"), // PER ok, LOC where ORG
            List.of("B-LOC", "I-LOC", "B-PER"), // LOC(0,2) too long, PER ok
            List.of("O", "O", "O")); // ORG missed

    TaggingResult r = score(gold, predicted);

    assertThat(r.perType().get("PER")).isEqualTo(new Counts(2, 2, 2));
    assertThat(r.perType().get("LOC")).isEqualTo(new Counts(0, 2, 1));
    assertThat(r.perType().get("ORG")).isEqualTo(new Counts(0, 0, 2));
    assertThat(r.overall()).isEqualTo(new Counts(2, 4, 5));
    assertThat(r.overall().precision()).isEqualTo(0.5);
    assertThat(r.overall().recall()).isEqualTo(0.4);
    assertThat(r.f1()).isCloseTo(4.0 / 9, within(1e-12));

    ConfusionTable c = r.confusion();
    assertThat(c.labels()).containsExactly("LOC", "ORG", "PER", "none");
    assertThat(c.count("PER", "PER")).isEqualTo(2);
    assertThat(c.count("ORG", "LOC")).isEqualTo(1);
    assertThat(c.count("ORG", "none")).isEqualTo(1);
    assertThat(c.count("LOC", "none")).isEqualTo(1);
    assertThat(c.count("none", "LOC")).isEqualTo(1);
    assertThat(c.count("LOC", "LOC")).isZero();
    assertThat(c.toText()).contains("gold\\pred").contains("none");

    assertThat(r.toMap())
        .containsEntry("entities.f1", 4.0 / 9)
        .containsEntry("entities.precision", 0.5)
        .containsEntry("entities.recall", 0.4)
        .containsEntry("entities.f1.PER", 1.0)
        .containsEntry("entities.f1.LOC", 0.0)
        .containsEntry("entities.recall.ORG", 0.0);
    assertThat(r.toText()).contains("F1 0.4444");
  }

  @Test
  void shouldScorePerfectPredictionAsOne() {
    List<List<String>> tags = List.of(List.of("B-PER", "I-PER", "O", "B-LOC"));

    TaggingResult r = score(tags, tags);

    assertThat(r.f1()).isEqualTo(1.0);
    assertThat(r.overall().precision()).isEqualTo(1.0);
  }

  @Test
  void shouldRejectSentencesOfDifferentLength() {
    assertThatThrownBy(() -> score(List.of(List.of("O", "O")), List.of(List.of("O"))))
        .hasMessageContaining("sentence 0: expected 2 predicted tags as in gold, found 1");
    assertThatThrownBy(() -> Chunks.extract(List.of("PER"))).hasMessageContaining("found \"PER\"");
  }
}
