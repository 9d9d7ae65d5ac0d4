package io.streambert.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentenceDatasetTest {
  private final SentenceDataset sst2 =
      new SentenceDataset(
          List.of(new SentenceExample("bad", "0"), new SentenceExample("good", "1")),
          List.of("0", "1"),
          new ReadReport(Path.of("x.tsv"), 2, List.of(), 0));

  @Test
  void shouldRenameLabelsKeepingClassIds() {
    SentenceDataset named = sst2.withLabelNames(Map.of("0", "negative", "1", "positive"));

    assertThat(named.labels()).containsExactly("negative", "positive");
    assertThat(named.examples())
        .extracting(SentenceExample::label)
        .containsExactly("negative", "positive");
    assertThat(named.labelId("positive")).isEqualTo(sst2.labelId("1"));
  }

  @Test
  void shouldRefuseIncompleteOrCollidingNames() {
    assertThatThrownBy(() -> sst2.withLabelNames(Map.of("0", "negative")))
        .hasMessageContaining("expected a name for every label [0, 1]");
    assertThatThrownBy(() -> sst2.withLabelNames(Map.of("0", "same", "1", "same")))
        .hasMessageContaining("expected distinct non-empty label names, found [same, same]");
  }
}
