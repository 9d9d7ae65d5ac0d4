package io.streambert.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.TokenWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannedPassesTest {

  @Test
  void shouldPadOnePassInArrivalOrderToTheLongestWindow() {
    PlannedPasses planned = PlannedPasses.onePass(List.of(text(3), text(6)));

    assertThat(planned).isEqualTo(new PlannedPasses(1, 2, 9, 12, 12));
    assertThat(planned.efficiency()).isEqualTo(0.75);
  }

  @Test
  void shouldAddPlansKeepingTheLargestPassAndCallAnEmptyOneFullyEfficient() {
    PlannedPasses sum =
        PlannedPasses.single(2, 9, 12)
            .plus(new PlannedPasses(2, 3, 10, 10, 6))
            .plus(PlannedPasses.NONE);

    assertThat(sum).isEqualTo(new PlannedPasses(3, 5, 19, 22, 12));
    assertThat(PlannedPasses.onePass(List.of())).isEqualTo(PlannedPasses.NONE);
    assertThat(PlannedPasses.NONE.efficiency()).isEqualTo(1.0);
  }

  @Test
  void shouldRefuseMoreRealThanComputedTokens() {
    assertThatThrownBy(() -> new PlannedPasses(1, 1, 10, 9, 9))
        .hasMessage(
            "expected 0 <= passes <= windows, 0 <= realTokens <= paddedTokens and a largest pass"
                + " of at most paddedTokens, positive when there are passes, found passes=1,"
                + " windows=1, realTokens=10, paddedTokens=9, largestPassTokens=9");
    assertThatThrownBy(() -> new PlannedPasses(2, 2, 10, 12, 13))
        .hasMessageEndingWith("paddedTokens=12, largestPassTokens=13");
  }

  /** A text of one window of {@code tokens} tokens. */
  private static EncodedText text(int tokens) {
    long[] ids = new long[tokens];
    int[] none = new int[tokens];
    java.util.Arrays.fill(none, -1);
    return new EncodedText(
        "t".repeat(tokens),
        List.of(new TokenWindow(ids, new long[tokens], none, none, none, 0, 1, tokens - 1)));
  }
}
