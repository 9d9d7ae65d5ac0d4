package io.streambert.model.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.PretrainedEncoder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEncoderTest {

  @TempDir static Path dir;
  static TextEncoder encoder;
  static TextEncoder small;

  @BeforeAll
  static void open() throws Exception {
    Path tokenizer = PretrainedEncoder.miniLm().extractTo(dir).tokenizer();
    encoder = TextEncoder.open(tokenizer, 128, 32);
    small = TextEncoder.open(tokenizer, 16, 4);
  }

  @AfterAll
  static void close() {
    encoder.close();
    small.close();
  }

  @Test
  void shouldFrameTokensWithClsAndSep() throws Exception {
    EncodedText e = encoder.encode("Hello world");

    TokenWindow w = e.windows().get(0);
    assertThat(w.ids()).containsExactly(101, 7592, 2088, 102);
    assertThat(w.typeIds()).containsOnly(0);
    assertThat(w.wordIds()).containsExactly(-1, 0, 1, -1);
    assertThat(w.charStarts()).containsExactly(-1, 0, 6, -1);
    assertThat(w.charEnds()).containsExactly(-1, 5, 11, -1);
    assertThat(encoder.padId()).isZero();
  }

  /** Each token's text in the original string with its case class, special tokens left out. */
  private static List<String> cases(String text) throws InvalidTextException {
    TokenWindow w = encoder.encode(text).windows().get(0);
    assertThat(w.caseIds()[0]).isEqualTo(CaseClass.NONE.id());
    assertThat(w.caseIds()[w.length() - 1]).isEqualTo(CaseClass.NONE.id());
    return IntStream.range(1, w.length() - 1)
        .mapToObj(
            t ->
                text.substring(w.charStarts()[t], w.charEnds()[t])
                    + "="
                    + CaseClass.values()[(int) w.caseIds()[t]])
        .toList();
  }

  @Test
  void shouldGiveEveryTokenTheCaseOfItsCharsInTheOriginalText() throws Exception {
    // Sub-words get the case of their own chars: "Mer" + "kel".
    assertThat(cases("Angela Merkel met NASA in 1996"))
        .containsExactly(
            "Angela=TITLE",
            "Mer=TITLE",
            "kel=LOWER",
            "met=LOWER",
            "NASA=UPPER",
            "in=LOWER",
            "1996=NONE");
  }

  @Test
  void shouldClassifyTheTokensOfAnAllCapsHeadline() throws Exception {
    List<String> classes = cases("SOCCER - JAPAN GET LUCKY WIN");

    assertThat(classes).contains("-=NONE", "JAPAN=UPPER", "WIN=UPPER");
    assertThat(classes).filteredOn(t -> !t.startsWith("-")).allMatch(t -> t.endsWith("=UPPER"));
  }

  @Test
  void shouldClassifyEmojiCjkAndMixedScriptTokensThroughMultiByteOffsets() throws Exception {
    List<String> classes = cases("🙂 Zürich 東京 iPhone");

    assertThat(classes).contains("Zürich=TITLE", "iPhone=MIXED");
    assertThat(classes)
        .filteredOn(t -> t.startsWith("東") || t.startsWith("京"))
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t).endsWith("=NONE"));
  }

  @Test
  void shouldGiveCharOffsetsIntoTheOriginalTextForMultiByteCharacters() throws Exception {
    String text = "Café 😀 in Zürich 東京 naïve";
    TokenWindow w = encoder.encode(text).windows().get(0);

    for (int i = 1; i < w.length() - 1; i++) {
      String piece = text.substring(w.charStarts()[i], w.charEnds()[i]);
      assertThat(piece).isNotBlank();
      assertThat(w.charEnds()[i]).isLessThanOrEqualTo(text.length());
    }
    // Each whitespace word starts exactly where its first sub-word starts.
    List<String> firstPieces =
        IntStream.range(1, w.length() - 1)
            .filter(w::isFirstSubword)
            .mapToObj(i -> text.substring(w.charStarts()[i], w.charEnds()[i]))
            .collect(Collectors.toList());
    assertThat(firstPieces).containsExactly("Café", "😀", "in", "Zürich", "東", "naïve");
    assertThat(text.substring(w.charStarts()[w.length() - 2], w.charEnds()[w.length() - 2]))
        .endsWith("ve");
    assertThat(Arrays.stream(w.wordIds()).max().getAsInt()).isEqualTo(5);
  }

  @Test
  void shouldNumberWordsByWhitespaceSoPunctuationStaysInItsWord() throws Exception {
    EncodedText e = encoder.encodeWords(List.of("U.S.", "troops", "left", "Germany", "."));

    TokenWindow w = e.windows().get(0);
    assertThat(e.text()).isEqualTo("U.S. troops left Germany .");
    // "U.S." is four tokens (u . s .) but one word; "." at the end is word 4.
    assertThat(w.wordIds()).startsWith(-1, 0, 0, 0, 0, 1);
    assertThat(w.wordIds()[w.length() - 2]).isEqualTo(4);
    assertThat(IntStream.range(0, w.length()).filter(w::isFirstSubword).count()).isEqualTo(5);
  }

  @Test
  void shouldSplitLongTextIntoOverlappingWindowsThatOwnEveryTokenOnce() throws Exception {
    String text = IntStream.range(0, 40).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
    EncodedText whole = encoder.encode(text);
    EncodedText split = small.encode(text);

    long[] allIds = Arrays.copyOfRange(whole.windows().get(0).ids(), 1, whole.tokenCount() - 1);
    assertThat(split.windows()).hasSizeGreaterThan(1);
    long[] owned =
        split.windows().stream()
            .flatMapToLong(
                w -> IntStream.range(w.ownedFrom(), w.ownedTo()).mapToLong(i -> w.ids()[i]))
            .toArray();
    assertThat(owned).containsExactly(allIds);
    for (TokenWindow w : split.windows()) {
      assertThat(w.length()).isLessThanOrEqualTo(16);
      assertThat(w.ids()[0]).isEqualTo(101);
      assertThat(w.ids()[w.length() - 1]).isEqualTo(102);
      assertThat(w.owns(0)).isFalse();
      assertThat(w.owns(w.length() - 1)).isFalse();
    }
  }

  @Test
  void shouldRejectEmptyBlankAndControlOnlyText() {
    assertThatThrownBy(() -> encoder.encode(null)).isInstanceOf(InvalidTextException.class);
    assertThatThrownBy(() -> encoder.encode(""))
        .isInstanceOf(InvalidTextException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> encoder.encode(" \t\n "))
        .isInstanceOf(InvalidTextException.class)
        .hasMessageContaining("whitespace");
    assertThatThrownBy(() -> encoder.encode("\u0000\u0001\u0007"))
        .isInstanceOf(InvalidTextException.class)
        .hasMessageContaining("no tokens");
  }

  @Test
  void shouldRejectWordsWithWhitespace() {
    assertThatThrownBy(() -> encoder.encodeWords(List.of("New York")))
        .isInstanceOf(InvalidTextException.class)
        .hasMessageContaining("word 0");
  }

  @Test
  void shouldRejectStrideThatLeavesNoProgress() {
    assertThatThrownBy(() -> TextEncoder.open(dir.resolve("tokenizer.json"), 16, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("windowStride");
  }
}
