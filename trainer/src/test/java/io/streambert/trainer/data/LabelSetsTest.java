package io.streambert.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSetsTest {

  @Test
  void shouldSortTextLabelsAlphabetically() {
    assertThat(LabelSets.sentenceLabels(List.of("positive", "negative", "neutral")))
        .containsExactly("negative", "neutral", "positive");
  }

  @Test
  void shouldSortIntegerLabelsNumerically() {
    assertThat(LabelSets.sentenceLabels(List.of("10", "2", "1", "-1")))
        .containsExactly("-1", "1", "2", "10");
  }

  @Test
  void shouldPutOutsideFirstThenPairsByType() {
    assertThat(LabelSets.bioTags(List.of("I-PER", "B-ORG", "O", "B-LOC", "B-PER")))
        .containsExactly("O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER");
  }

  @Test
  void shouldIncludeOutsideEvenWhenDataHasNone() {
    assertThat(LabelSets.bioTags(List.of("B-X"))).containsExactly("O", "B-X", "I-X");
  }
}
