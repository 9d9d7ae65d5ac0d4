package io.streambert.model.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelAlignerTest {

  @Test
  void shouldLabelOnlyTheFirstSubwordOfEachWord() {
    // [CLS] u . s . troops [SEP]: word 0 has four sub-words.
    TokenWindow w =
        new TokenWindow(
            new long[] {101, 1, 2, 3, 2, 4, 102},
            new long[7],
            new int[] {-1, 0, 1, 2, 3, 5, -1},
            new int[] {-1, 1, 2, 3, 4, 11, -1},
            new int[] {-1, 0, 0, 0, 0, 1, -1},
            0,
            1,
            6);

    long[] labels = LabelAligner.alignWordLabels(w, new int[] {3, 0});

    long x = LabelAligner.IGNORE;
    assertThat(labels).containsExactly(x, 3, x, x, x, 0, x);
  }

  @Test
  void shouldIgnoreTokensTheWindowDoesNotOwn() {
    TokenWindow w =
        new TokenWindow(
            new long[] {101, 1, 2, 3, 102},
            new long[5],
            new int[] {-1, 0, 2, 4, -1},
            new int[] {-1, 1, 3, 5, -1},
            new int[] {-1, 7, 8, 9, -1},
            7,
            2,
            4);

    long[] labels = LabelAligner.alignWordLabels(w, new int[] {0, 0, 0, 0, 0, 0, 0, 5, 6, 7});

    long x = LabelAligner.IGNORE;
    assertThat(labels).containsExactly(x, x, 6, 7, x);
  }
}
