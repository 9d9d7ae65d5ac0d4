package io.streambert.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reads the real SST-2 and CoNLL-2003 files when {@code shared/data} is beside the repository. */
class SharedDataTest {

  /** Walks up from the working directory to the first {@code shared/data} found. */
  static Optional<Path> sharedData() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Path file(String relative) {
    Optional<Path> root = sharedData();
    assumeTrue(root.isPresent(), "shared/data not found above " + System.getProperty("user.dir"));
    Path file = root.get().resolve(relative);
    assumeTrue(Files.isRegularFile(file), file + " is absent");
    return file;
  }

  @Test
  void shouldReadAllSst2TrainRows() {
    SentenceDataset data = new GlueTsvReader().read(file("sst2/train.tsv"), ReadOptions.strict());

    assertThat(data.size()).isEqualTo(67_349);
    assertThat(data.labels()).containsExactly("0", "1");
    assertThat(data.examples().stream().filter(e -> e.label().equals("1")).count())
        .isEqualTo(37_569);
  }

  @Test
  void shouldReadAllSst2DevRows() {
    SentenceDataset data =
        new GlueTsvReader()
            .read(file("sst2/dev.tsv"), ReadOptions.strict().withLabels(List.of("0", "1")));

    assertThat(data.size()).isEqualTo(872);
    assertThat(data.examples().stream().filter(e -> e.label().equals("1")).count()).isEqualTo(444);
  }

  @Test
  void shouldReadAllConllTrainSentencesAndEntities() {
    TaggingDataset data = new ConllReader().read(file("conll2003/train.txt"), ReadOptions.strict());

    assertThat(data.size()).isEqualTo(14_041);
    assertThat(data.entityCount()).isEqualTo(23_499);
    assertThat(data.tags())
        .containsExactly(
            "O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PER", "I-PER");
    assertThat(data.report().repairedTags()).isZero();
  }

  @Test
  void shouldReadAllConllValidSentencesAndEntities() {
    TaggingDataset data = new ConllReader().read(file("conll2003/valid.txt"), ReadOptions.strict());

    assertThat(data.size()).isEqualTo(3_250);
    assertThat(data.entityCount()).isEqualTo(5_942);
  }
}
