package io.streambert.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlueTsvReaderTest {
  @TempDir Path dir;
  private final GlueTsvReader reader = new GlueTsvReader();

  private Path write(String content) throws IOException {
    Path file = dir.resolve("data.tsv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void shouldReadRowsAndSortNumericLabels() throws IOException {
    Path file = write("sentence\tlabel\ngreat film \t1\nawful\t0\nfine\t10\nmeh\t2\n\n");

    SentenceDataset data = reader.read(file, ReadOptions.strict());

    assertThat(data.examples())
        .containsExactly(
            new SentenceExample("great film", "1"),
            new SentenceExample("awful", "0"),
            new SentenceExample("fine", "10"),
            new SentenceExample("meh", "2"));
    assertThat(data.labels()).containsExactly("0", "1", "2", "10");
    assertThat(data.labelId("10")).isEqualTo(3);
    assertThat(data.report().rows()).isEqualTo(4);
    assertThat(data.report().skipped()).isEmpty();
  }

  @Test
  void shouldFindColumnsByHeaderName() throws IOException {
    Path file = write("index\tlabel\ttext\n7\tpos\tgood\n8\tneg\tbad\n");

    SentenceDataset data = reader.read(file, ReadOptions.strict());

    assertThat(data.examples())
        .containsExactly(new SentenceExample("good", "pos"), new SentenceExample("bad", "neg"));
    assertThat(data.labels()).containsExactly("neg", "pos");
  }

  @Test
  void shouldRejectHeaderWithoutSentenceAndLabelColumns() throws IOException {
    Path file = write("good\t1\nbad\t0\n");

    assertThatThrownBy(() -> reader.read(file, ReadOptions.lenient()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":1")
        .hasMessageContaining("expected a header naming the columns");
  }

  @Test
  void shouldFailOnMissingColumnWithFileAndLine() throws IOException {
    Path file = write("sentence\tlabel\ngood\t1\nno label here\nbad\t0\n");

    assertThatThrownBy(() -> reader.read(file, ReadOptions.strict()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3")
        .hasMessageContaining("missing column")
        .satisfies(
            e ->
                assertThat(((DataFormatException) e).badRows())
                    .extracting(BadRow::line)
                    .containsExactly(3L));
  }

  @Test
  void shouldSkipEveryBadRowKindAndCountThem() throws IOException {
    Path file =
        write(
            "sentence\tlabel\n"
                + "good\t1\n" // 2
                + "no label\n" // 3 missing column
                + "  \t1\n" // 4 empty text
                + "ok\t\n" // 5 empty label
                + "a\tb\tc\n" // 6 extra column
                + "bad\t0\n" // 7
                + "odd\tmaybe\n"); // 8 unknown label (fixed set)

    SentenceDataset data =
        reader.read(
            file, ReadOptions.lenient().withMaxBadFraction(1.0).withLabels(List.of("0", "1")));

    assertThat(data.examples()).extracting(SentenceExample::text).containsExactly("good", "bad");
    assertThat(data.labels()).containsExactly("0", "1");
    assertThat(data.report().rows()).isEqualTo(7);
    assertThat(data.report().skipped())
        .extracting(BadRow::line, BadRow::file)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, file),
            org.assertj.core.groups.Tuple.tuple(4L, file),
            org.assertj.core.groups.Tuple.tuple(5L, file),
            org.assertj.core.groups.Tuple.tuple(6L, file),
            org.assertj.core.groups.Tuple.tuple(8L, file));
    assertThat(data.report().skipped())
        .extracting(BadRow::reason)
        .satisfiesExactly(
            r -> assertThat(r).contains("missing column"),
            r -> assertThat(r).contains("non-empty text"),
            r -> assertThat(r).contains("non-empty label"),
            r -> assertThat(r).contains("extra column"),
            r -> assertThat(r).contains("unknown label \"maybe\"").contains("[0, 1]"));
    assertThat(data.report().summary()).contains("7 rows, 2 kept, 5 skipped");
  }

  @Test
  void shouldFailOnUnknownLabelUnderFailPolicy() throws IOException {
    Path file = write("sentence\tlabel\ngood\t1\nodd\tmaybe\n");

    assertThatThrownBy(() -> reader.read(file, ReadOptions.strict().withLabels(List.of("0", "1"))))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3")
        .hasMessageContaining("unknown label");
  }

  @Test
  void shouldFailWhenTooManyRowsAreBadEvenWhenSkipping() throws IOException {
    Path file = write("sentence\tlabel\ngood\t1\nbad\t0\n\t1\nworse\t0\n");

    assertThatThrownBy(() -> reader.read(file, ReadOptions.lenient().withMaxBadFraction(0.2)))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("1 of 4 rows")
        .hasMessageContaining("more than the allowed 20.00 %")
        .hasMessageContaining(file + ":4");
    assertThat(reader.read(file, ReadOptions.lenient().withMaxBadFraction(0.25)).size())
        .isEqualTo(3);
  }

  @Test
  void shouldFailOnHeaderOnlyFile() throws IOException {
    Path file = write("sentence\tlabel\n");

    assertThatThrownBy(() -> reader.read(file, ReadOptions.lenient()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("expected at least one data row");
  }

  @Test
  void shouldFailOnSingleLabelWhenLabelsComeFromData() throws IOException {
    Path file = write("sentence\tlabel\ngood\t1\nnice\t1\n");

    assertThatThrownBy(() -> reader.read(file, ReadOptions.strict()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("expected at least 2 distinct labels")
        .hasMessageContaining("[1]");
  }

  @Test
  void shouldReportInvalidUtf8WithLine() throws IOException {
    Path file = dir.resolve("bad.tsv");
    Files.write(
        file,
        new byte[] {
          's',
          'e',
          'n',
          't',
          'e',
          'n',
          'c',
          'e',
          '\t',
          'l',
          'a',
          'b',
          'e',
          'l',
          '\n',
          (byte) 0xC3,
          '(',
          '\t',
          '1',
          '\n'
        });

    assertThatThrownBy(() -> reader.read(file, ReadOptions.lenient()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("expected UTF-8");
  }

  @Test
  void shouldNameMissingFile() {
    Path file = dir.resolve("absent.tsv");

    assertThatThrownBy(() -> reader.read(file, ReadOptions.lenient()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("expected a data file at " + file);
  }
}
