package io.streambert.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Groups examples of similar token length into batches, so dynamic padding wastes little; seeded.
 *
 * <p>Each epoch shuffles the examples, cuts them into pools of {@code poolBatches} batches, sorts
 * each pool by length, cuts it into batches, and shuffles the order of all batches. Pooling keeps
 * randomness across epochs while most batches hold near-equal lengths. The same seed and epoch
 * always give the same batches, and every example appears in exactly one batch per epoch.
 */
public final class LengthBucketSampler {
  /** Default number of batches per sorted pool. */
  public static final int DEFAULT_POOL_BATCHES = 50;

  private final int[] lengths;
  private final int batchSize;
  private final int poolBatches;
  private final long seed;

  /**
   * A sampler.
   *
   * @param lengths token length of each example (index = example id)
   * @param batchSize examples per batch (the last batch of a pool may be smaller)
   * @param poolBatches batches per sorted pool (1: little grouping, large: almost fully sorted)
   * @param seed seed of every shuffle
   */
  public LengthBucketSampler(int[] lengths, int batchSize, int poolBatches, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("expected a batch size >= 1, found " + batchSize);
    }
    if (poolBatches < 1) {
      throw new IllegalArgumentException("expected poolBatches >= 1, found " + poolBatches);
    }
    this.lengths = lengths.clone();
    this.batchSize = batchSize;
    this.poolBatches = poolBatches;
    this.seed = seed;
  }

  /** A sampler with {@link #DEFAULT_POOL_BATCHES}. */
  public LengthBucketSampler(int[] lengths, int batchSize, long seed) {
    this(lengths, batchSize, DEFAULT_POOL_BATCHES, seed);
  }

  /** Number of batches in each epoch. */
  public int batchesPerEpoch() {
    int pool = batchSize * poolBatches;
    int fullPools = lengths.length / pool;
    int rest = lengths.length % pool;
    return fullPools * poolBatches + (rest + batchSize - 1) / batchSize;
  }

  /**
   * The batches of one epoch, as example ids.
   *
   * @param epoch 0-based epoch; each epoch has its own order
   */
  public List<int[]> epoch(int epoch) {
    Random random = new Random(mix(seed, epoch));
    List<Integer> order = new ArrayList<>(IntStream.range(0, lengths.length).boxed().toList());
    Collections.shuffle(order, random);
    int pool = batchSize * poolBatches;
    List<int[]> batches = new ArrayList<>(batchesPerEpoch());
    for (int from = 0; from < order.size(); from += pool) {
      List<Integer> slice =
          new ArrayList<>(order.subList(from, Math.min(order.size(), from + pool)));
      // Stable sort keeps the shuffled order among equal lengths.
      slice.sort(Comparator.comparingInt(i -> lengths[i]));
      for (int b = 0; b < slice.size(); b += batchSize) {
        batches.add(
            slice.subList(b, Math.min(slice.size(), b + batchSize)).stream()
                .mapToInt(Integer::intValue)
                .toArray());
      }
    }
    Collections.shuffle(batches, random);
    return batches;
  }

  /** The longest length in a batch: what dynamic padding pads it to. */
  public int paddedLength(int[] batch) {
    return Arrays.stream(batch).map(i -> lengths[i]).max().orElse(0);
  }

  private static long mix(long seed, int epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
