package io.streambert.trainer.train;

import io.streambert.model.bundle.TaskKind;
import io.streambert.trainer.data.LengthBucketSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The batches of each training epoch: per task, length-bucketed batches from a {@link
 * LengthBucketSampler}; for multi-task runs the two tasks' batches interleaved in proportion to
 * their sizes, the token task's data taken a configurable number of times per epoch (each time in a
 * fresh shuffle).
 *
 * <p>The plan of an epoch depends only on the seed and the epoch number, which is what makes a
 * resumed run see exactly the batches an uninterrupted one would.
 */
public final class TrainingBatchPlan {

  /** Keeps the token task's shuffles independent of the sentence task's for the same run seed. */
  static final long TOKEN_SEED_SALT = 0x5DEECE66DL;

  private final Optional<LengthBucketSampler> sentence;
  private final Optional<LengthBucketSampler> token;
  private final int tokenPasses;

  /**
   * A plan for the given data, batch size and seed that takes the token task's data {@code
   * tokenPasses} times per epoch.
   */
  public TrainingBatchPlan(TrainingData data, int batchSize, long seed, int tokenPasses) {
    if (tokenPasses < 1) {
      throw new IllegalArgumentException("expected tokenPasses >= 1, found " + tokenPasses);
    }
    this.sentence = data.sentence().map(t -> sampler(t.train(), batchSize, seed));
    this.token = data.token().map(t -> sampler(t.train(), batchSize, seed ^ TOKEN_SEED_SALT));
    this.tokenPasses = tokenPasses;
  }

  private static LengthBucketSampler sampler(
      List<? extends Sample> samples, int batchSize, long seed) {
    int[] lengths = samples.stream().mapToInt(Sample::length).toArray();
    return new LengthBucketSampler(lengths, batchSize, seed);
  }

  /** The batches of one epoch, in training order. */
  public List<PlannedBatch> epoch(int epoch) {
    List<PlannedBatch> tokenBatches = new ArrayList<>();
    for (int pass = 0; pass < tokenPasses; pass++) {
      // Pass k of epoch e is the sampler's epoch e * passes + k: every pass a fresh shuffle, and
      // with one pass the same batches as before the option existed.
      tokenBatches.addAll(
          batches(token, TaskKind.TOKEN_CLASSIFICATION, epoch * tokenPasses + pass));
    }
    return alternate(batches(sentence, TaskKind.SENTENCE_CLASSIFICATION, epoch), tokenBatches);
  }

  /** Number of batches per epoch (the same for every epoch). */
  public int batchesPerEpoch() {
    return sentence.map(LengthBucketSampler::batchesPerEpoch).orElse(0)
        + token.map(LengthBucketSampler::batchesPerEpoch).orElse(0) * tokenPasses;
  }

  private static List<PlannedBatch> batches(
      Optional<LengthBucketSampler> sampler, TaskKind task, int epoch) {
    return sampler
        .map(s -> s.epoch(epoch).stream().map(rows -> new PlannedBatch(task, rows)).toList())
        .orElse(List.of());
  }

  /**
   * Interleaves the two lists in proportion to their sizes, so both tasks are seen throughout the
   * epoch instead of one after the other.
   */
  static List<PlannedBatch> alternate(List<PlannedBatch> a, List<PlannedBatch> b) {
    List<PlannedBatch> out = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      // Take from the list that is further behind its share of the epoch.
      boolean takeA = j >= b.size() || (i < a.size() && (long) i * b.size() <= (long) j * a.size());
      out.add(takeA ? a.get(i++) : b.get(j++));
    }
    return out;
  }
}
