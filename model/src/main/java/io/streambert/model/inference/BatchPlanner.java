package io.streambert.model.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts windows into forward passes bounded by a window count and a padded-token count.
 *
 * <p>Sorting by length first keeps windows of similar length together, so dynamic padding wastes
 * little; the sort is stable, so equal lengths keep their arrival order.
 */
public final class BatchPlanner {
  private final int maxWindows;
  private final int maxTokens;

  /**
   * Creates a planner.
   *
   * @param maxWindows most windows per pass (at least 1)
   * @param maxTokens most padded tokens (windows x padded length) per pass; a single window longer
   *     than this still gets a pass of its own
   */
  public BatchPlanner(int maxWindows, int maxTokens) {
    if (maxWindows < 1 || maxTokens < 1) {
      throw new IllegalArgumentException(
          "expected positive limits, found maxWindows=" + maxWindows + ", maxTokens=" + maxTokens);
    }
    this.maxWindows = maxWindows;
    this.maxTokens = maxTokens;
  }

  /**
   * Plans the passes.
   *
   * @param lengths the token count of each window, in arrival order
   * @param policy ordering and padding
   * @return per pass, the indices into {@code lengths} of its windows, in pass order
   */
  public List<int[]> plan(int[] lengths, BatchPolicy policy) {
    Integer[] order = new Integer[lengths.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (policy.sortByLength()) {
      Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
    }
    List<int[]> passes = new ArrayList<>();
    int[] current = new int[Math.min(maxWindows, Math.max(1, lengths.length))];
    int count = 0;
    int longest = 0;
    for (int index : order) {
      int padded = policy.fixedLength() > 0 ? policy.fixedLength() : lengths[index];
      int newLongest = Math.max(longest, padded);
      boolean full =
          count == maxWindows || (count > 0 && (long) (count + 1) * newLongest > maxTokens);
      if (full) {
        passes.add(Arrays.copyOf(current, count));
        count = 0;
        newLongest = padded;
      }
      current[count++] = index;
      longest = newLongest;
    }
    if (count > 0) {
      passes.add(Arrays.copyOf(current, count));
    }
    return passes;
  }
}
