package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.bundle.TagDecoding;
import io.streambert.trainer.metrics.TaggingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private static final long I = TokenSample.IGNORE;
  private static final List<String> TAGS = List.of("O", "B-X", "I-X");

  /** Confident logits for the given tag ids, one row per labelled position. */
  private static float[][] confident(int... tags) {
    float[][] rows = new float[tags.length][TAGS.size()];
    for (int i = 0; i < tags.length; i++) {
      rows[i][tags[i]] = 8f;
    }
    return rows;
  }

  private static TokenSample window(int sentence, long... labels) {
    return new TokenSample(new long[labels.length], new long[labels.length], labels, sentence);
  }

  @Test
  void shouldScoreAnEntityCrossingAWindowBoundaryAsOneSpanOfOneSentence() {
    // Sentence 0 is cut into two windows between the B-X and the I-X of one entity; sentence 1
    // fits one window.
    TokenTask task =
        new TokenTask(
            TAGS,
            List.of(window(0, I, 0)),
            List.of(window(0, I, 0, 1, I), window(0, I, 2, 0, I), window(1, I, 1, I)));
    float[][][] predicted = {confident(0, 1), confident(2, 0), confident(1)};

    TaggingResult result = Evaluator.scoreTags(task, predicted);

    assertThat(result.sentences()).isEqualTo(2);
    assertThat(result.overall().gold()).isEqualTo(2);
    assertThat(result.f1()).isEqualTo(1.0);
  }

  @Test
  void shouldCountAPredictionThatBreaksTheJoinedSpanAsWrong() {
    TokenTask task =
        new TokenTask(
            TAGS,
            List.of(window(0, I, 0)),
            List.of(window(0, I, 1, I), window(0, I, 2, I)),
            TagDecoding.GREEDY);
    float[][][] predicted = {confident(1), confident(1)};

    TaggingResult result = Evaluator.scoreTags(task, predicted);

    assertThat(result.overall().gold()).isEqualTo(1);
    assertThat(result.overall().predicted()).isEqualTo(2);
    assertThat(result.overall().truePositives()).isZero();
  }

  @Test
  void shouldDecodeTheJoinedWindowsOfASentenceAsOneBioValidSequence() {
    // Gold: B-X I-X across a window boundary. The first window leans to O (B-X a close second),
    // the second says I-X: greedy reads "O I-X", a wrong span; Viterbi repairs it to "B-X I-X".
    List<TokenSample> dev = List.of(window(0, I, 1, I), window(0, I, 2, I));
    float[][][] predicted = {{{3f, 2.8f, 0f}}, confident(2)};

    TaggingResult greedy =
        Evaluator.scoreTags(
            new TokenTask(TAGS, List.of(window(0, I, 0)), dev, TagDecoding.GREEDY), predicted);
    TaggingResult viterbi =
        Evaluator.scoreTags(
            new TokenTask(TAGS, List.of(window(0, I, 0)), dev, TagDecoding.BIO_VITERBI), predicted);

    assertThat(greedy.f1()).isZero();
    assertThat(viterbi.f1()).isEqualTo(1.0);
  }
}
