package io.streambert.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LengthBucketSamplerTest {

  private static int[] randomLengths(int n, long seed) {
    Random r = new Random(seed);
    return IntStream.range(0, n).map(i -> 1 + r.nextInt(128)).toArray();
  }

  @Property(tries = 50)
  void shouldYieldEveryExampleExactlyOncePerEpoch(
      @ForAll @IntRange(min = 0, max = 700) int examples,
      @ForAll @IntRange(min = 1, max = 40) int batchSize,
      @ForAll @IntRange(min = 1, max = 8) int poolBatches,
      @ForAll @IntRange(min = 0, max = 3) int epoch) {
    LengthBucketSampler sampler =
        new LengthBucketSampler(randomLengths(examples, examples), batchSize, poolBatches, 42);

    List<int[]> batches = sampler.epoch(epoch);

    int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).containsExactly(IntStream.range(0, examples).toArray());
    assertThat(batches).hasSize(sampler.batchesPerEpoch());
    assertThat(batches).allSatisfy(b -> assertThat(b.length).isBetween(1, batchSize));
  }

  @Test
  void shouldGiveSameBatchesForSameSeedAndEpoch() {
    int[] lengths = randomLengths(1000, 7);

    List<int[]> first = new LengthBucketSampler(lengths, 16, 11L).epoch(2);
    List<int[]> again = new LengthBucketSampler(lengths, 16, 11L).epoch(2);
    List<int[]> nextEpoch = new LengthBucketSampler(lengths, 16, 11L).epoch(3);
    List<int[]> otherSeed = new LengthBucketSampler(lengths, 16, 12L).epoch(2);

    assertThat(again).usingElementComparator(Arrays::compare).containsExactlyElementsOf(first);
    assertThat(nextEpoch).usingElementComparator(Arrays::compare).isNotEqualTo(first);
    assertThat(otherSeed).usingElementComparator(Arrays::compare).isNotEqualTo(first);
  }

  @Test
  void shouldPadFarLessThanRandomBatches() {
    int[] lengths = randomLengths(3200, 3);
    LengthBucketSampler bucketed = new LengthBucketSampler(lengths, 32, 50, 1);
    LengthBucketSampler unsorted = new LengthBucketSampler(lengths, 32, 1, 1);

    long bucketedPadding = padding(bucketed, lengths);
    long randomPadding = padding(unsorted, lengths);

    // Pools of one batch are plain random batches; pools of 50 sort 1600 examples at a time.
    assertThat(bucketedPadding).isLessThan(randomPadding / 10);
  }

  private static long padding(LengthBucketSampler sampler, int[] lengths) {
    long pad = 0;
    for (int[] batch : sampler.epoch(0)) {
      int max = sampler.paddedLength(batch);
      for (int i : batch) {
        pad += max - lengths[i];
      }
    }
    return pad;
  }

  @Test
  void shouldShuffleBatchOrderSoLengthsAreNotAscending() {
    int[] lengths = randomLengths(3200, 5);
    List<int[]> batches = new LengthBucketSampler(lengths, 32, 100, 9).epoch(0);

    int[] maxima =
        batches.stream()
            .mapToInt(b -> Arrays.stream(b).map(i -> lengths[i]).max().orElseThrow())
            .toArray();
    int[] sorted = maxima.clone();
    Arrays.sort(sorted);

    assertThat(maxima).isNotEqualTo(sorted);
  }

  @Test
  void shouldRejectNonPositiveBatchSize() {
    assertThatThrownBy(() -> new LengthBucketSampler(new int[] {1}, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0");
  }
}
