package io.streambert.model.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.TagDecoding;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TagSequenceDecoderTest {
  private static final List<String> BIO =
      List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC");
  private static final TagSequenceDecoder VITERBI =
      new TagSequenceDecoder(BIO, TagDecoding.BIO_VITERBI);
  private static final TagSequenceDecoder GREEDY = new TagSequenceDecoder(BIO, TagDecoding.GREEDY);

  /**
   * Logits putting {@code high} on {@code best}, {@code second} on {@code runnerUp}, 0 elsewhere.
   */
  private static float[] word(String best, float high, String runnerUp, float second) {
    float[] logits = new float[BIO.size()];
    logits[BIO.indexOf(best)] = high;
    logits[BIO.indexOf(runnerUp)] = second;
    return logits;
  }

  private static List<String> tags(int[] chosen) {
    return java.util.Arrays.stream(chosen).mapToObj(BIO::get).toList();
  }

  @Test
  void shouldNeverStartASentenceWithInside() {
    float[][] logits = {word("I-PER", 5, "B-PER", 4), word("I-PER", 5, "O", 1)};

    assertThat(tags(GREEDY.decode(logits))).containsExactly("I-PER", "I-PER");
    assertThat(tags(VITERBI.decode(logits))).containsExactly("B-PER", "I-PER");
  }

  @Test
  void shouldNotContinueOutsideWithInside() {
    // Greedy: O I-ORG I-ORG. Making the O a B-ORG costs 5 (log-probability), making the first
    // I-ORG a B-ORG costs 0.5.
    float[][] logits = {
      word("O", 6, "B-ORG", 1), word("I-ORG", 5, "B-ORG", 4.5f), word("I-ORG", 5, "O", 0)
    };

    assertThat(tags(GREEDY.decode(logits))).containsExactly("O", "I-ORG", "I-ORG");
    assertThat(tags(VITERBI.decode(logits))).containsExactly("O", "B-ORG", "I-ORG");
  }

  @Test
  void shouldNotContinueAnotherTypeWithInside() {
    float[][] logits = {word("B-ORG", 6, "B-LOC", 1), word("I-LOC", 5, "I-ORG", 4.9f)};

    assertThat(tags(GREEDY.decode(logits))).containsExactly("B-ORG", "I-LOC");
    assertThat(tags(VITERBI.decode(logits))).containsExactly("B-ORG", "I-ORG");
  }

  @Test
  void shouldTreatAWordWithoutLogitsAsABoundaryInsideCannotContinue() {
    float[][] logits = {word("B-PER", 6, "O", 0), null, word("I-PER", 5, "B-PER", 4)};

    int[] chosen = VITERBI.decode(logits);

    assertThat(chosen[1]).isEqualTo(TagSequenceDecoder.NO_TAG);
    assertThat(BIO.get(chosen[0])).isEqualTo("B-PER");
    assertThat(BIO.get(chosen[2])).isEqualTo("B-PER");
  }

  @Test
  void shouldDecodeAnEmptySentenceToNothing() {
    assertThat(VITERBI.decode(new float[0][])).isEmpty();
  }

  @Test
  void shouldRefuseViterbiOverTagsThatAreNotBio() {
    assertThatThrownBy(
            () -> new TagSequenceDecoder(List.of("O", "S-PER", "B-PER"), TagDecoding.BIO_VITERBI))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected BIO tags (O, B-X, I-X) for bio-viterbi decoding, found");
  }

  @Test
  void shouldRefuseAWordWithTheWrongNumberOfLogits() {
    assertThatThrownBy(() -> VITERBI.decode(new float[][] {new float[3]}))
        .hasMessage("expected 9 tag logits for word 0, found 3");
  }

  @Property(tries = 300)
  void shouldEqualGreedyWhenTheGreedyPathIsValid(@ForAll("sentences") float[][] logits) {
    int[] greedy = GREEDY.decode(logits);
    if (isValid(greedy)) {
      assertThat(VITERBI.decode(logits)).containsExactly(greedy);
    }
  }

  @Property(tries = 300)
  void shouldAlwaysReturnAValidSequence(@ForAll("sentences") float[][] logits) {
    assertThat(isValid(VITERBI.decode(logits))).isTrue();
  }

  @Property(tries = 150)
  void shouldFindTheBestScoringValidSequence(@ForAll("shortSentences") float[][] logits) {
    int[] viterbi = VITERBI.decode(logits);

    double best = bruteForceBest(logits, new int[logits.length], 0);

    assertThat(score(logits, viterbi)).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Provide
  Arbitrary<float[][]> sentences() {
    return words().array(float[][].class).ofMinSize(1).ofMaxSize(12);
  }

  @Provide
  Arbitrary<float[][]> shortSentences() {
    return words().array(float[][].class).ofMinSize(1).ofMaxSize(4);
  }

  private static Arbitrary<float[]> words() {
    return Arbitraries.floats().between(-6, 6).array(float[].class).ofSize(BIO.size());
  }

  private static boolean isValid(int[] chosen) {
    String previous = "O";
    for (int c : chosen) {
      String tag = BIO.get(c);
      if (tag.startsWith("I-")
          && (previous.equals("O") || !previous.substring(2).equals(tag.substring(2)))) {
        return false;
      }
      previous = tag;
    }
    return true;
  }

  private static double score(float[][] logits, int[] chosen) {
    double sum = 0;
    for (int w = 0; w < logits.length; w++) {
      double max = Double.NEGATIVE_INFINITY;
      for (float v : logits[w]) {
        max = Math.max(max, v);
      }
      double z = 0;
      for (float v : logits[w]) {
        z += Math.exp(v - max);
      }
      sum += logits[w][chosen[w]] - max - Math.log(z);
    }
    return sum;
  }

  private static double bruteForceBest(float[][] logits, int[] path, int at) {
    if (at == path.length) {
      return isValid(path) ? score(logits, path) : Double.NEGATIVE_INFINITY;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < BIO.size(); t++) {
      path[at] = t;
      best = Math.max(best, bruteForceBest(logits, path, at + 1));
    }
    return best;
  }
}
