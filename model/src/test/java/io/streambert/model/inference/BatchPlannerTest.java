package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {
  @Test
  void shouldSortWindowsByLengthKeepingArrivalOrderOnTies() {
    List<int[]> passes =
        new BatchPlanner(64, 10_000, 1.0).plan(new int[] {9, 3, 9, 5}, BatchPolicy.SORTED_DYNAMIC);

    assertThat(passes).hasSize(1);
    assertThat(passes.get(0)).containsExactly(1, 3, 0, 2);
  }

  @Test
  void shouldCutASortedRunWherePaddingWouldExceedItsShare() {
    // Short reviews beside long news sentences: one pass padded to 40 would be 60 % padding.
    int[] lengths = {12, 40, 11, 38, 12, 40, 13, 39};

    List<int[]> passes = new BatchPlanner(64, 10_000).plan(lengths, BatchPolicy.SORTED_DYNAMIC);

    assertThat(passes).hasSize(2);
    assertThat(passes.get(0)).containsExactly(2, 0, 4, 6);
    assertThat(passes.get(1)).containsExactly(3, 7, 1, 5);
  }

  @Test
  void shouldBoundPaddingToATenthOfAPassByDefault() {
    // One pass padded to 26 would be 104 tokens for 86 real ones: 17 % padding.
    int[] lengths = {20, 26, 20, 20};

    List<int[]> passes = new BatchPlanner(64, 10_000).plan(lengths, BatchPolicy.SORTED_DYNAMIC);

    assertThat(BatchPlanner.DEFAULT_MAX_PADDING_SHARE).isEqualTo(0.1);
    assertThat(passes).hasSize(2);
    assertThat(passes.get(0)).containsExactly(0, 2, 3);
    assertThat(passes.get(1)).containsExactly(1);
    assertThat(new BatchPlanner(64, 10_000, 0.25).plan(lengths, BatchPolicy.SORTED_DYNAMIC))
        .hasSize(1);
  }

  @Test
  void shouldKeepSimilarLengthsInOnePass() {
    List<int[]> passes =
        new BatchPlanner(64, 10_000)
            .plan(new int[] {20, 22, 24, 21, 23, 25}, BatchPolicy.SORTED_DYNAMIC);

    assertThat(passes).hasSize(1);
  }

  @Test
  void shouldNotBoundPaddingOfArrivalOrderOrFixedPasses() {
    int[] lengths = {12, 40, 11, 38};

    assertThat(new BatchPlanner(64, 10_000).plan(lengths, BatchPolicy.ARRIVAL_DYNAMIC)).hasSize(1);
    assertThat(new BatchPlanner(64, 10_000).plan(lengths, BatchPolicy.fixed(128))).hasSize(1);
  }

  @Test
  void shouldKeepArrivalOrderWhenNotSorting() {
    List<int[]> passes =
        new BatchPlanner(64, 10_000).plan(new int[] {9, 3, 5}, BatchPolicy.ARRIVAL_DYNAMIC);

    assertThat(passes.get(0)).containsExactly(0, 1, 2);
  }

  @Test
  void shouldCutPassesAtTheWindowLimit() {
    List<int[]> passes =
        new BatchPlanner(2, 10_000).plan(new int[] {4, 4, 4, 4, 4}, BatchPolicy.SORTED_DYNAMIC);

    assertThat(passes).extracting(p -> p.length).containsExactly(2, 2, 1);
  }

  @Test
  void shouldCutPassesWhenPaddedTokensWouldExceedTheLimit() {
    // Sorted: 2, 3, 10, 10. Three windows padded to 10 would be 30 > 25 tokens. (Padding unbound,
    // so that only the token limit cuts.)
    List<int[]> passes =
        new BatchPlanner(64, 25, 1.0).plan(new int[] {10, 2, 10, 3}, BatchPolicy.SORTED_DYNAMIC);

    assertThat(passes).hasSize(2);
    assertThat(passes.get(0)).containsExactly(1, 3);
    assertThat(passes.get(1)).containsExactly(0, 2);
  }

  @Test
  void shouldGiveAWindowLongerThanTheTokenLimitAPassOfItsOwn() {
    List<int[]> passes =
        new BatchPlanner(64, 8).plan(new int[] {20, 4}, BatchPolicy.ARRIVAL_DYNAMIC);

    assertThat(passes).hasSize(2);
    assertThat(passes.get(0)).containsExactly(0);
    assertThat(passes.get(1)).containsExactly(1);
  }

  @Test
  void shouldCountFixedPaddingAgainstTheTokenLimit() {
    List<int[]> passes =
        new BatchPlanner(64, 256).plan(new int[] {3, 3, 3}, BatchPolicy.fixed(128));

    assertThat(passes).extracting(p -> p.length).containsExactly(2, 1);
  }

  @Test
  void shouldPlanNothingForNoWindows() {
    assertThat(new BatchPlanner(4, 4).plan(new int[0], BatchPolicy.SORTED_DYNAMIC)).isEmpty();
  }
}
