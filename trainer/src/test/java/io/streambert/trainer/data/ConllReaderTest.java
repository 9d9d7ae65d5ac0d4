package io.streambert.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConllReaderTest {
  @TempDir Path dir;

  private Path write(String content) throws IOException {
    Path file = dir.resolve("data.txt");
    Files.writeString(file, content);
    return file;
  }

  private static final String DOC_AT_END =
      """
      EU NNP B-NP B-ORG
      rejects VBZ B-VP O
      German JJ B-NP B-MISC
      call NN I-NP O

      Peter NNP B-NP B-PER
      Blackburn NNP I-NP I-PER

      -DOCSTART- -X- -X- O

      BRUSSELS NNP B-NP B-LOC
      1996-08-22 CD I-NP O

      -DOCSTART- -X- -X- O

      """;

  @Test
  void shouldSkipDocstartAtEndOfDocuments() throws IOException {
    TaggingDataset data = new ConllReader().read(write(DOC_AT_END), ReadOptions.strict());

    assertThat(data.sentences())
        .containsExactly(
            new TaggedSentence(
                List.of("EU", "rejects", "German", "call"), List.of("B-ORG", "O", "B-MISC", "O")),
            new TaggedSentence(List.of("Peter", "Blackburn"), List.of("B-PER", "I-PER")),
            new TaggedSentence(List.of("BRUSSELS", "1996-08-22"), List.of("B-LOC", "O")));
    assertThat(data.tags())
        .containsExactly(
            "O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PER", "I-PER");
    assertThat(data.entityCount()).isEqualTo(4);
    assertThat(data.report().rows()).isEqualTo(3);
  }

  @Test
  void shouldSkipDocstartAtStartAndWithoutBlankLines() throws IOException {
    Path file =
        write(
            """
            -DOCSTART- -X- O O

            Paris NNP B-NP B-LOC
            -DOCSTART- -X- O O
            Rome NNP B-NP B-LOC
            is VBZ B-VP O
            """);

    TaggingDataset data = new ConllReader().read(file, ReadOptions.strict());

    assertThat(data.sentences())
        .extracting(TaggedSentence::tokens)
        .containsExactly(List.of("Paris"), List.of("Rome", "is"));
  }

  @Test
  void shouldConvertIob1ToBio() throws IOException {
    Path file =
        write(
            """
            Alex I-PER
            Smith I-PER
            and O
            Jo I-PER
            Lee B-PER
            in O
            New I-LOC
            York I-LOC
            Times I-ORG
            """);

    TaggingDataset data =
        new ConllReader(ConllReader.LAST_COLUMN, TagScheme.IOB1).read(file, ReadOptions.strict());

    assertThat(data.sentences().get(0).tags())
        .containsExactly("B-PER", "I-PER", "O", "B-PER", "B-PER", "O", "B-LOC", "I-LOC", "B-ORG");
    assertThat(data.report().repairedTags()).isEqualTo(4);
  }

  @Test
  void shouldReadConfiguredTagColumn() throws IOException {
    Path file = write("Paris B-LOC x\nis O x\n");

    TaggingDataset data = new ConllReader(1, TagScheme.BIO).read(file, ReadOptions.strict());

    assertThat(data.sentences().get(0).tags()).containsExactly("B-LOC", "O");
    assertThatThrownBy(() -> new ConllReader(0, TagScheme.BIO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0");
  }

  @Test
  void shouldSkipEveryBadSentenceKindAndReportTheOffendingLine() throws IOException {
    Path file =
        write(
            """
            Good B-PER
            one O

            Tokenonly
            x O

            Paris B-LOC
            is O EXTRA

            Rome X-LOC

            Oslo LOC

            Bern B-LOC
            """);
    // lines: 1-2 good, 4 missing tag, 7-8 extra column, 10 bad prefix, 12 bad prefix, 14 good

    TaggingDataset data =
        new ConllReader().read(file, ReadOptions.lenient().withMaxBadFraction(1.0));

    assertThat(data.sentences())
        .extracting(TaggedSentence::tokens)
        .containsExactly(List.of("Good", "one"), List.of("Bern"));
    assertThat(data.report().rows()).isEqualTo(6);
    assertThat(data.report().skipped()).extracting(BadRow::line).containsExactly(4L, 8L, 10L, 12L);
    assertThat(data.report().skipped())
        .extracting(BadRow::reason)
        .satisfiesExactly(
            r -> assertThat(r).contains("missing column"),
            r -> assertThat(r).contains("extra column").contains("as on line 1"),
            r -> assertThat(r).contains("found \"X-LOC\""),
            r -> assertThat(r).contains("found \"LOC\""));
  }

  @Test
  void shouldReportMissingConfiguredTagColumn() throws IOException {
    Path file = write("Paris NNP B-LOC\n\nRome NNP\n");

    assertThatThrownBy(() -> new ConllReader(2, TagScheme.BIO).read(file, ReadOptions.strict()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3")
        .hasMessageContaining("expected the tag in column 3, found 2 columns");
  }

  @Test
  void shouldRejectUnknownTagWhenTagSetIsFixed() throws IOException {
    Path file = write("Paris B-LOC\n\nAcme B-ORG\n");
    ReadOptions fixed = ReadOptions.strict().withLabels(List.of("O", "B-LOC", "I-LOC"));

    assertThatThrownBy(() -> new ConllReader().read(file, fixed))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file + ":3")
        .hasMessageContaining("unknown tag \"B-ORG\"");
  }

  @Test
  void shouldFailPastBadSentenceLimit() throws IOException {
    Path file = write("Paris B-LOC\n\nRome LOC\n");

    assertThatThrownBy(() -> new ConllReader().read(file, ReadOptions.lenient()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("1 of 2 rows")
        .hasMessageContaining(file + ":3");
  }

  @Test
  void shouldFailWhenNoEntityTypeIsPresent() throws IOException {
    Path file = write("just O\nwords O\n");

    assertThatThrownBy(() -> new ConllReader().read(file, ReadOptions.strict()))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("expected at least one entity type");
  }
}
