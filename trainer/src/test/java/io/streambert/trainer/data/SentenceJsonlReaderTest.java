package io.streambert.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentenceJsonlReaderTest {
  @TempDir Path dir;
  private final SentenceJsonlReader reader = new SentenceJsonlReader();

  private Path write(String... lines) throws IOException {
    Path file = dir.resolve("data.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void shouldReadStringIntegerAndBooleanLabels() throws IOException {
    Path file =
        write(
            "{\"text\": \"good\", \"label\": \"positive\"}",
            "",
            "{\"label\": \"negative\", \"text\": \"bad\", \"id\": 3}");

    SentenceDataset data = reader.read(file, ReadOptions.strict());

    assertThat(data.examples())
        .containsExactly(
            new SentenceExample("good", "positive"), new SentenceExample("bad", "negative"));
    assertThat(data.labels()).containsExactly("negative", "positive");

    Path numeric = write("{\"text\": \"a\", \"label\": 1}", "{\"text\": \"b\", \"label\": false}");
    assertThat(reader.read(numeric, ReadOptions.strict()).examples())
        .extracting(SentenceExample::label)
        .containsExactly("1", "false");
  }

  @Test
  void shouldSkipEveryBadRowKindWithLine() throws IOException {
    Path file =
        write(
            "{\"text\": \"good\", \"label\": \"pos\"}", // 1
            "{\"text\": \"oops\", \"label\": ", // 2 invalid JSON
            "[1, 2]", // 3 not an object
            "{\"label\": \"pos\"}", // 4 missing text
            "{\"text\": 5, \"label\": \"pos\"}", // 5 text not a string
            "{\"text\": \" \", \"label\": \"pos\"}", // 6 empty text
            "{\"text\": \"x\"}", // 7 missing label
            "{\"text\": \"x\", \"label\": [1]}", // 8 label not scalar
            "{\"text\": \"x\", \"label\": \"maybe\"}", // 9 unknown label
            "{\"text\": \"x\", \"label\": \"neg\"} trailing", // 10 trailing garbage
            "{\"text\": \"bad\", \"label\": \"neg\"}"); // 11

    SentenceDataset data =
        reader.read(
            file, ReadOptions.lenient().withMaxBadFraction(1.0).withLabels(List.of("neg", "pos")));

    assertThat(data.examples()).extracting(SentenceExample::text).containsExactly("good", "bad");
    assertThat(data.report().rows()).isEqualTo(11);
    assertThat(data.report().skipped())
        .extracting(BadRow::line, BadRow::reason)
        .satisfiesExactly(
            r -> assertThat(r.toList()).first().isEqualTo(2L),
            r -> assertThat(r.toList()).containsExactly(3L, "expected a JSON object, found array"),
            r -> assertThat(r.toList()).containsExactly(4L, "missing field \"text\""),
            r ->
                assertThat(r.toList())
                    .containsExactly(5L, "expected \"text\" to be a string, found number"),
            r -> assertThat(r.toList().get(0)).isEqualTo(6L),
            r -> assertThat(r.toList()).containsExactly(7L, "missing field \"label\""),
            r -> assertThat(r.toList().get(0)).isEqualTo(8L),
            r -> assertThat(r.toList().get(0)).isEqualTo(9L),
            r -> assertThat(r.toList().get(0)).isEqualTo(10L));
    assertThat(data.report().skipped().get(0).reason()).startsWith("invalid JSON");
    assertThat(data.report().skipped().get(4).reason()).contains("non-empty text");
    assertThat(data.report().skipped().get(6).reason()).contains("string, integer or boolean");
    assertThat(data.report().skipped().get(7).reason()).contains("unknown label \"maybe\"");
  }

  @Test
  void shouldFailAtFirstInvalidJsonUnderFailPolicy() throws IOException {
    Path file = write("{\"text\": \"good\", \"label\": \"pos\"}", "{not json", "{\"text\": 1}");

    assertThatThrownBy(() -> reader.read(file, ReadOptions.strict()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":2: invalid JSON");
  }

  @Test
  void shouldFailPastBadRowLimit() throws IOException {
    Path file =
        write(
            "{\"text\": \"good\", \"label\": \"pos\"}",
            "{\"text\": \"bad\", \"label\": \"neg\"}",
            "{\"text\": \"\", \"label\": \"neg\"}");

    assertThatThrownBy(() -> reader.read(file, ReadOptions.lenient()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("1 of 3 rows")
        .hasMessageContaining(file + ":3");
  }
}
