package io.streambert.model.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.streambert.model.bundle.TagDecoding;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EntityDecoderTest {
  private static final List<String> BIO =
      List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC");

  /** Whitespace words of {@code text}, word i tagged {@code tags[i]} with a confident logit. */
  private static List<TaggedWord> words(String text, List<String> tagList, String... tags) {
    String[] parts = text.strip().split("\\s+");
    assertThat(parts).hasSameSizeAs(tags);
    List<TaggedWord> words = new ArrayList<>();
    int cursor = 0;
    for (int i = 0; i < parts.length; i++) {
      int start = text.indexOf(parts[i], cursor);
      cursor = start + parts[i].length();
      float[] logits = new float[tagList.size()];
      int index = tagList.indexOf(tags[i]);
      assertThat(index).as("tag %s", tags[i]).isNotNegative();
      logits[index] = 8f;
      words.add(new TaggedWord(start, cursor, logits));
    }
    return words;
  }

  private static List<EntitySpan> decode(String text, String... tags) {
    return new EntityDecoder(BIO).decode(text, words(text, BIO, tags));
  }

  @Test
  void shouldJoinBeginAndInsideWordsIntoOneSpan() {
    String text = "Angela Merkel visited New York City";

    assertThat(decode(text, "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "I-LOC"))
        .extracting(EntitySpan::text, EntitySpan::type, EntitySpan::start, EntitySpan::end)
        .containsExactly(
            tuple("Angela Merkel", "PER", 0, 13), tuple("New York City", "LOC", 22, 35));
  }

  @Test
  void shouldStartANewSpanForInsideAfterOutside() {
    assertThat(decode("met Merkel Angela today", "O", "I-PER", "I-PER", "O"))
        .extracting(EntitySpan::text, EntitySpan::type)
        .containsExactly(tuple("Merkel Angela", "PER"));
  }

  @Test
  void shouldStartANewSpanForInsideOfAnotherType() {
    assertThat(decode("Siemens Berlin", "B-ORG", "I-LOC"))
        .extracting(EntitySpan::text, EntitySpan::type)
        .containsExactly(tuple("Siemens", "ORG"), tuple("Berlin", "LOC"));
  }

  @Test
  void shouldSplitAdjacentBeginTagsOfTheSameType() {
    assertThat(decode("Paris London", "B-LOC", "B-LOC"))
        .extracting(EntitySpan::text)
        .containsExactly("Paris", "London");
  }

  @Test
  void shouldDecodeIob1WhereBeginOnlySeparatesAdjacentEntities() {
    List<String> iob1 = List.of("O", "I-PER", "B-PER", "I-LOC");
    String text = "John Smith Mary Jones in Rome";
    List<TaggedWord> words = words(text, iob1, "I-PER", "I-PER", "B-PER", "I-PER", "O", "I-LOC");

    assertThat(new EntityDecoder(iob1).decode(text, words))
        .extracting(EntitySpan::text, EntitySpan::type)
        .containsExactly(
            tuple("John Smith", "PER"), tuple("Mary Jones", "PER"), tuple("Rome", "LOC"));
  }

  @Test
  void shouldDecodeBioesAndBareIoTags() {
    List<String> bioes = List.of("O", "S-LOC", "B-PER", "E-PER", "PER");
    String text = "Rome Ada Lovelace Grace Hopper";
    List<TaggedWord> words = words(text, bioes, "S-LOC", "B-PER", "E-PER", "PER", "PER");

    assertThat(new EntityDecoder(bioes).decode(text, words))
        .extracting(EntitySpan::text, EntitySpan::type)
        .containsExactly(
            tuple("Rome", "LOC"), tuple("Ada Lovelace", "PER"), tuple("Grace Hopper", "PER"));
  }

  @Test
  void shouldKeepUtf16OffsetsRightAroundAccentsEmojiAndCjk() {
    String text = "😀😀 José Müller flew to 東京 with Zoë.";

    List<EntitySpan> spans = decode(text, "O", "B-PER", "I-PER", "O", "O", "B-LOC", "O", "B-PER");

    assertThat(spans)
        .extracting(EntitySpan::text, EntitySpan::start, EntitySpan::end)
        .containsExactly(tuple("José Müller", 5, 16), tuple("東京", 25, 27), tuple("Zoë", 33, 36));
    for (EntitySpan span : spans) {
      assertThat(text.substring(span.start(), span.end())).isEqualTo(span.text());
    }
  }

  @Test
  void shouldTrimSurroundingPunctuationButKeepAbbreviationPeriods() {
    assertThat(decode("in Germany.", "O", "B-LOC"))
        .extracting(EntitySpan::text)
        .containsExactly("Germany");
    assertThat(decode("the U.S. said", "O", "B-LOC", "O"))
        .extracting(EntitySpan::text)
        .containsExactly("U.S.");
    assertThat(decode("(Germany), then", "B-LOC", "O"))
        .extracting(EntitySpan::text)
        .containsExactly("Germany");
    assertThat(decode("\"IBM\" said", "B-ORG", "O"))
        .extracting(EntitySpan::text, EntitySpan::start)
        .containsExactly(tuple("IBM", 1));
    assertThat(decode("'Real Madrid!'", "B-ORG", "I-ORG"))
        .extracting(EntitySpan::text)
        .containsExactly("Real Madrid");
    assertThat(decode("visited St. Louis.", "O", "B-LOC", "I-LOC"))
        .extracting(EntitySpan::text)
        .containsExactly("St. Louis.");
  }

  @Test
  void shouldDropASpanThatIsOnlyPunctuation() {
    assertThat(decode("Paris ( )", "O", "B-LOC", "I-LOC")).isEmpty();
  }

  @Test
  void shouldScoreASpanWithTheMeanProbabilityOfItsWordTags() {
    String text = "Ada Lovelace";
    float[] first = new float[BIO.size()];
    first[1] = 3f; // B-PER
    float[] second = new float[BIO.size()];
    second[2] = 1f; // I-PER, less sure
    List<TaggedWord> words = List.of(new TaggedWord(0, 3, first), new TaggedWord(4, 12, second));

    EntitySpan span = new EntityDecoder(BIO).decode(text, words).get(0);

    float expected = (Softmax.of(first)[1] + Softmax.of(second)[2]) / 2;
    assertThat(span.score()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(span.score()).isBetween(0f, 1f);
  }

  @Test
  void shouldTreatAWordWithoutPredictionAsOutside() {
    String text = "New York";
    float[] begin = new float[BIO.size()];
    begin[5] = 5f;
    float[] inside = new float[BIO.size()];
    inside[6] = 5f;
    List<TaggedWord> words =
        List.of(
            new TaggedWord(0, 3, begin), new TaggedWord(4, 8, null), new TaggedWord(4, 8, inside));

    assertThat(new EntityDecoder(BIO).decode(text, words))
        .extracting(EntitySpan::text)
        .containsExactly("New", "York");
  }

  @Test
  void shouldJoinAnIllFormedTypeChangeIntoOneSpanWithViterbiOverMultiByteText() {
    // Emoji (two UTF-16 units each) and CJK before and inside the entity.
    String text = "🙂 Banco 東京 grew 🙂";
    float[] banco = new float[BIO.size()];
    banco[BIO.indexOf("B-ORG")] = 6f;
    float[] tokyo = new float[BIO.size()];
    tokyo[BIO.indexOf("I-LOC")] = 5f;
    tokyo[BIO.indexOf("I-ORG")] = 4.8f;
    float[] outside = new float[BIO.size()];
    outside[0] = 6f;
    List<TaggedWord> words =
        List.of(
            new TaggedWord(0, 2, outside),
            new TaggedWord(3, 8, banco),
            new TaggedWord(9, 11, tokyo),
            new TaggedWord(12, 16, outside),
            new TaggedWord(17, 19, outside));

    List<EntitySpan> greedy = new EntityDecoder(BIO, TagDecoding.GREEDY).decode(text, words);
    List<EntitySpan> viterbi = new EntityDecoder(BIO, TagDecoding.BIO_VITERBI).decode(text, words);

    assertThat(greedy)
        .extracting(EntitySpan::text, EntitySpan::type)
        .containsExactly(tuple("Banco", "ORG"), tuple("東京", "LOC"));
    assertThat(viterbi)
        .extracting(EntitySpan::text, EntitySpan::type, EntitySpan::start, EntitySpan::end)
        .containsExactly(tuple("Banco 東京", "ORG", 3, 11));
    assertThat(text.substring(viterbi.get(0).start(), viterbi.get(0).end())).isEqualTo("Banco 東京");
  }

  @Test
  void shouldDecodeLikeGreedyWhenGreedyTagsAreWellFormed() {
    String text = "Angela Merkel visited New York City";
    List<TaggedWord> words = words(text, BIO, "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "I-LOC");

    assertThat(new EntityDecoder(BIO, TagDecoding.BIO_VITERBI).decode(text, words))
        .isEqualTo(new EntityDecoder(BIO).decode(text, words));
  }

  @Test
  void shouldRejectLogitsOfTheWrongWidth() {
    assertThatThrownBy(
            () -> new EntityDecoder(BIO).decode("x", List.of(new TaggedWord(0, 1, new float[3]))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 9 tag logits for word 0, found 3");
  }

  @Property(tries = 300)
  void shouldNeverThrowAndAlwaysPointIntoTheOriginalText(
      @ForAll("texts") String text, @ForAll("tagSeeds") List<Integer> seeds) {
    String[] parts = text.strip().split("\\s+");
    String[] tags = new String[parts.length];
    for (int i = 0; i < parts.length; i++) {
      tags[i] = BIO.get(Math.floorMod(seeds.get(i % seeds.size()), BIO.size()));
    }

    List<EntitySpan> spans = decode(text, tags);

    int previousEnd = 0;
    for (EntitySpan span : spans) {
      assertThat(span.start()).isGreaterThanOrEqualTo(previousEnd);
      assertThat(span.end()).isGreaterThan(span.start()).isLessThanOrEqualTo(text.length());
      assertThat(text.substring(span.start(), span.end())).isEqualTo(span.text());
      assertThat(Character.isLowSurrogate(text.charAt(span.start()))).isFalse();
      assertThat(span.score()).isBetween(0f, 1f);
      previousEnd = span.end();
    }
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> word =
        Arbitraries.of(
                "Paris", "U.S.", "(Berlin),", "\"Zoë\"", "😀", "東京.", "…", ".", "'", "a.b.", "x")
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(l -> String.join("", l));
    return word.list().ofMinSize(1).ofMaxSize(12).map(l -> String.join(" ", l));
  }

  @Provide
  Arbitrary<List<Integer>> tagSeeds() {
    return Arbitraries.integers().between(0, 100).list().ofMinSize(1).ofMaxSize(12);
  }
}
