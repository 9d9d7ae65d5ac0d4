package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.trainer.metrics.TaggingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private static final long I = TokenSample.IGNORE;
  private static final List<String> TAGS = List.of("O", "B-X", "I-X");

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
    int[][] predicted = {{0, 1}, {2, 0}, {1}};

    TaggingResult result = Evaluator.scoreTags(task, predicted);

    assertThat(result.sentences()).isEqualTo(2);
    assertThat(result.overall().gold()).isEqualTo(2);
    assertThat(result.f1()).isEqualTo(1.0);
  }

  @Test
  void shouldCountAPredictionThatBreaksTheJoinedSpanAsWrong() {
    TokenTask task =
        new TokenTask(
            TAGS, List.of(window(0, I, 0)), List.of(window(0, I, 1, I), window(0, I, 2, I)));
    int[][] predicted = {{1}, {1}};

    TaggingResult result = Evaluator.scoreTags(task, predicted);

    assertThat(result.overall().gold()).isEqualTo(1);
    assertThat(result.overall().predicted()).isEqualTo(2);
    assertThat(result.overall().truePositives()).isZero();
  }
}
