package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.TaskKind;
import io.streambert.trainer.data.LengthBucketSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingBatchPlanTest {

  private static List<SentenceSample> sentences(int n, long seed) {
    Random random = new Random(seed);
    List<SentenceSample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int length = 3 + random.nextInt(60);
      samples.add(new SentenceSample(new long[length], new long[length], i % 2));
    }
    return samples;
  }

  private static List<TokenSample> tokens(int n) {
    List<TokenSample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      samples.add(new TokenSample(new long[5], new long[5], new long[5], i));
    }
    return samples;
  }

  /** 320 sentences (20 batches of 16) beside 160 tagged windows (10 batches). */
  private static TrainingData sentencesAndTokens() {
    return TrainingData.of(
        new SentenceTask(List.of("a", "b"), sentences(320, 5), List.of()),
        new TokenTask(List.of("O", "B-X"), tokens(160), List.of()));
  }

  @Test
  void shouldPlanTheSameEpochForTheSameSeedAndADifferentOneForTheNextEpoch() {
    TrainingData data =
        TrainingData.of(new SentenceTask(List.of("a", "b"), sentences(500, 1), List.of()));
    TrainingBatchPlan planner = new TrainingBatchPlan(data, 16, 7, 1);

    List<PlannedBatch> first = planner.epoch(0);
    List<PlannedBatch> again = new TrainingBatchPlan(data, 16, 7, 1).epoch(0);
    List<PlannedBatch> next = planner.epoch(1);

    assertThat(rows(first)).isEqualTo(rows(again));
    assertThat(rows(first)).isNotEqualTo(rows(next));
  }

  @Test
  void shouldUseEverySampleOnceAndPadLessThanRandomBatches() {
    List<SentenceSample> samples = sentences(2000, 3);
    TrainingData data = TrainingData.of(new SentenceTask(List.of("a", "b"), samples, List.of()));
    TrainingBatchPlan planner = new TrainingBatchPlan(data, 16, 11, 1);

    List<PlannedBatch> batches = planner.epoch(0);

    int[] all = batches.stream().flatMapToInt(b -> Arrays.stream(b.rows())).sorted().toArray();
    assertThat(all).hasSize(2000);
    assertThat(all[0]).isZero();
    assertThat(all[1999]).isEqualTo(1999);
    assertThat(batches).hasSize(planner.batchesPerEpoch());
    long padded = 0;
    long unsortedPadded = 0;
    for (int b = 0; b < batches.size(); b++) {
      padded += paddedTokens(samples, batches.get(b).rows());
      int[] consecutive = new int[batches.get(b).rows().length];
      for (int i = 0; i < consecutive.length; i++) {
        consecutive[i] = (b * 16 + i) % samples.size();
      }
      unsortedPadded += paddedTokens(samples, consecutive);
    }
    long real = samples.stream().mapToLong(SentenceSample::length).sum();
    assertThat(padded).isLessThan(unsortedPadded * 6 / 10);
    assertThat(padded).isLessThan(real * 11 / 10);
  }

  @Test
  void shouldInterleaveTasksInProportionToTheirSizes() {
    TrainingData data = sentencesAndTokens();
    List<PlannedBatch> batches = new TrainingBatchPlan(data, 16, 1, 1).epoch(0);

    assertThat(batches).hasSize(30);
    // In every window of three batches, both tasks appear.
    for (int i = 0; i + 3 <= batches.size(); i += 3) {
      assertThat(batches.subList(i, i + 3).stream().map(PlannedBatch::task).distinct()).hasSize(2);
    }
  }

  @Test
  void shouldTakeTheTokenDataAsManyTimesPerEpochAsAskedEachPassInAFreshOrder() {
    TrainingData data = sentencesAndTokens();
    TrainingBatchPlan planner = new TrainingBatchPlan(data, 16, 1, 3);

    List<PlannedBatch> batches = planner.epoch(0);
    List<PlannedBatch> token =
        batches.stream().filter(b -> b.task() == TaskKind.TOKEN_CLASSIFICATION).toList();

    assertThat(batches).hasSize(planner.batchesPerEpoch()).hasSize(20 + 3 * 10);
    assertThat(token).hasSize(30);
    int[] tokenRows = token.stream().flatMapToInt(b -> Arrays.stream(b.rows())).sorted().toArray();
    for (int row = 0; row < 160; row++) {
      assertThat(Arrays.copyOfRange(tokenRows, 3 * row, 3 * row + 3)).containsOnly(row);
    }
    assertThat(rows(token.subList(0, 10))).isNotEqualTo(rows(token.subList(10, 20)));
    assertThat(rows(planner.epoch(1))).isNotEqualTo(rows(batches));
  }

  @Test
  void shouldTakeTheTokenBatchesOfOnePassFromTheSamplersOwnEpoch() {
    // One pass must plan the batches plans had before passes existed, so that a checkpoint written
    // then resumes onto the same batches: token epoch e is the token sampler's epoch e.
    TrainingData data = sentencesAndTokens();
    int[] lengths = data.token().orElseThrow().train().stream().mapToInt(Sample::length).toArray();
    LengthBucketSampler sampler =
        new LengthBucketSampler(lengths, 16, 1 ^ TrainingBatchPlan.TOKEN_SEED_SALT);

    for (int epoch = 0; epoch < 3; epoch++) {
      List<PlannedBatch> token =
          new TrainingBatchPlan(data, 16, 1, 1)
              .epoch(epoch).stream()
                  .filter(b -> b.task() == TaskKind.TOKEN_CLASSIFICATION)
                  .toList();
      assertThat(rows(token))
          .isEqualTo(
              sampler.epoch(epoch).stream().map(r -> Arrays.stream(r).boxed().toList()).toList());
    }
  }

  @Test
  void shouldRefuseFewerThanOneTokenPass() {
    TrainingData data = TrainingData.of(new TokenTask(List.of("O", "B-X"), tokens(16), List.of()));
    assertThatThrownBy(() -> new TrainingBatchPlan(data, 16, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected tokenPasses >= 1, found 0");
  }

  private static long paddedTokens(List<SentenceSample> samples, int[] rows) {
    int max = Arrays.stream(rows).map(r -> samples.get(r).length()).max().orElse(0);
    return (long) max * rows.length;
  }

  private static List<List<Integer>> rows(List<PlannedBatch> batches) {
    return batches.stream().map(b -> Arrays.stream(b.rows()).boxed().toList()).toList();
  }
}
