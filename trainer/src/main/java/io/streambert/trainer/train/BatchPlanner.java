package io.streambert.trainer.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Plans the batches of each epoch: shuffled, length-bucketed and, for multi-task runs, alternating
 * between the two tasks.
 *
 * <p>Within a pool of {@value #POOL_BATCHES} batches the samples are sorted by length before they
 * are cut into batches, so each batch pads to a length close to its members' and little compute
 * goes to padding; the batch order is shuffled afterwards so the model does not see lengths in
 * order. The plan of an epoch depends only on the seed and the epoch number, which is what makes a
 * resumed run see exactly the batches an uninterrupted one would.
 */
public final class BatchPlanner {

  static final int POOL_BATCHES = 50;

  private final TrainingData data;
  private final int batchSize;
  private final long seed;

  /** A planner for the given data, batch size and seed. */
  public BatchPlanner(TrainingData data, int batchSize, long seed) {
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  /** The batches of one epoch, in training order. */
  public List<PlannedBatch> epoch(int epoch) {
    Random random = new Random(seed * 1_000_003L + epoch);
    List<PlannedBatch> sentence =
        data.sentence()
            .map(t -> bucketed(t.train(), PlannedBatch.TaskKind.SENTENCE, random))
            .orElse(List.of());
    List<PlannedBatch> token =
        data.token()
            .map(t -> bucketed(t.train(), PlannedBatch.TaskKind.TOKEN, random))
            .orElse(List.of());
    return alternate(sentence, token);
  }

  /** Number of batches per epoch (the same for every epoch). */
  public int batchesPerEpoch() {
    int n = 0;
    if (data.sentence().isPresent()) {
      n += countBatches(data.sentence().get().train().size());
    }
    if (data.token().isPresent()) {
      n += countBatches(data.token().get().train().size());
    }
    return n;
  }

  private int countBatches(int samples) {
    int pool = batchSize * POOL_BATCHES;
    int full = samples / pool;
    int rest = samples % pool;
    return full * POOL_BATCHES + (rest + batchSize - 1) / batchSize;
  }

  private List<PlannedBatch> bucketed(
      List<? extends Sample> samples, PlannedBatch.TaskKind task, Random random) {
    List<Integer> order = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<PlannedBatch> batches = new ArrayList<>();
    int pool = batchSize * POOL_BATCHES;
    for (int start = 0; start < order.size(); start += pool) {
      List<Integer> part =
          new ArrayList<>(order.subList(start, Math.min(order.size(), start + pool)));
      part.sort(Comparator.comparingInt(i -> samples.get(i).length()));
      for (int s = 0; s < part.size(); s += batchSize) {
        int[] rows =
            part.subList(s, Math.min(part.size(), s + batchSize)).stream()
                .mapToInt(Integer::intValue)
                .toArray();
        batches.add(new PlannedBatch(task, rows));
      }
    }
    Collections.shuffle(batches, random);
    return batches;
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
