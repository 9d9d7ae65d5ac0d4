package io.streambert.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaggedJsonlReaderTest {
  @TempDir Path dir;

  private Path write(String... lines) throws IOException {
    Path file = dir.resolve("tags.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void shouldReadSentencesAndBuildTagSet() throws IOException {
    Path file =
        write(
            "{\"tokens\": [\"Ada\", \"Lovelace\", \"wrote\"], \"tags\": [\"B-PER\", \"I-PER\", \"O\"]}",
            "{\"tokens\": [\"in\", \"London\"], \"tags\": [\"O\", \"B-LOC\"]}");

    TaggingDataset data = new TaggedJsonlReader().read(file, ReadOptions.strict());

    assertThat(data.sentences())
        .containsExactly(
            new TaggedSentence(List.of("Ada", "Lovelace", "wrote"), List.of("B-PER", "I-PER", "O")),
            new TaggedSentence(List.of("in", "London"), List.of("O", "B-LOC")));
    assertThat(data.tags()).containsExactly("O", "B-LOC", "I-LOC", "B-PER", "I-PER");
    assertThat(data.tagId("I-PER")).isEqualTo(4);
  }

  @Test
  void shouldConvertIob1() throws IOException {
    Path file = write("{\"tokens\": [\"New\", \"York\"], \"tags\": [\"I-LOC\", \"I-LOC\"]}");

    TaggingDataset data = new TaggedJsonlReader(TagScheme.IOB1).read(file, ReadOptions.strict());

    assertThat(data.sentences().get(0).tags()).containsExactly("B-LOC", "I-LOC");
  }

  @Test
  void shouldSkipEveryBadRowKindWithLine() throws IOException {
    Path file =
        write(
            "{\"tokens\": [\"Ada\"], \"tags\": [\"B-PER\"]}", // 1 good
            "{\"tokens\": [\"Ada\"], \"tags\": [\"B-PER\"]", // 2 invalid JSON
            "{\"tags\": [\"O\"]}", // 3 missing tokens
            "{\"tokens\": \"Ada\", \"tags\": [\"O\"]}", // 4 tokens not an array
            "{\"tokens\": [\"Ada\", 3], \"tags\": [\"O\", \"O\"]}", // 5 token not a string
            "{\"tokens\": [\"Ada\", \"B\"], \"tags\": [\"O\"]}", // 6 count mismatch
            "{\"tokens\": [], \"tags\": []}", // 7 empty
            "{\"tokens\": [\"Ada\"], \"tags\": [\"PER\"]}", // 8 bad prefix
            "{\"tokens\": [\"New York\"], \"tags\": [\"B-LOC\"]}", // 9 whitespace in token
            "{\"tokens\": [\"Acme\"], \"tags\": [\"B-ORG\"]}", // 10 unknown tag (fixed set)
            "{\"tokens\": [\"x\"]}", // 11 missing tags
            "{\"tokens\": [\"Bob\"], \"tags\": [\"B-PER\"]}"); // 12 good

    TaggingDataset data =
        new TaggedJsonlReader()
            .read(
                file,
                ReadOptions.lenient()
                    .withMaxBadFraction(1.0)
                    .withLabels(List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC")));

    assertThat(data.sentences()).extracting(s -> s.tokens().get(0)).containsExactly("Ada", "Bob");
    assertThat(data.tags()).containsExactly("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
    assertThat(data.report().rows()).isEqualTo(12);
    assertThat(data.report().skipped())
        .extracting(BadRow::line)
        .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertThat(data.report().skipped())
        .extracting(BadRow::reason)
        .satisfiesExactly(
            r -> assertThat(r).startsWith("invalid JSON"),
            r -> assertThat(r).isEqualTo("missing field \"tokens\""),
            r ->
                assertThat(r)
                    .isEqualTo("expected \"tokens\" to be an array of strings, found string"),
            r -> assertThat(r).isEqualTo("expected \"tokens\"[1] to be a string, found number"),
            r -> assertThat(r).isEqualTo("expected one tag per token, found 2 tokens and 1 tags"),
            r -> assertThat(r).isEqualTo("expected at least one token, found none"),
            r -> assertThat(r).contains("found \"PER\""),
            r -> assertThat(r).contains("without whitespace"),
            r -> assertThat(r).contains("unknown tag \"B-ORG\""),
            r -> assertThat(r).isEqualTo("missing field \"tags\""));
  }

  @Test
  void shouldFailOnCountMismatchUnderFailPolicy() throws IOException {
    Path file =
        write(
            "{\"tokens\": [\"Ada\"], \"tags\": [\"B-PER\"]}",
            "{\"tokens\": [\"Ada\", \"B\"], \"tags\": [\"O\"]}");

    assertThatThrownBy(() -> new TaggedJsonlReader().read(file, ReadOptions.strict()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":2: expected one tag per token");
  }
}
