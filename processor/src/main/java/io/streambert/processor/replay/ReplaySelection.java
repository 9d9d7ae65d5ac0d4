package io.streambert.processor.replay;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which dead letters a replay reads and which of them it replays.
 *
 * <p>The offset range and the partitions bound what is read from the dead-letter topic; the time
 * range ({@code failedAt}, when processing failed) and the reasons choose among what was read.
 *
 * @param partitions the dead-letter partitions to read; empty for all
 * @param fromOffset first offset read in each partition (inclusive); empty for the beginning
 * @param toOffset last offset read in each partition (inclusive); empty for the end at start-up
 * @param fromTime dead letters that failed at or after this instant; empty for no lower bound
 * @param toTime dead letters that failed before this instant; empty for no upper bound
 * @param reasons the reasons replayed; empty for every reason
 * @param targetTopic the topic written to; empty for each dead letter's own source topic
 */
public record ReplaySelection(
    Set<Integer> partitions,
    OptionalLong fromOffset,
    OptionalLong toOffset,
    Optional<Instant> fromTime,
    Optional<Instant> toTime,
    Set<String> reasons,
    Optional<String> targetTopic) {

  /** Checks that the ranges are not empty by construction. */
  public ReplaySelection {
    partitions = Set.copyOf(partitions);
    reasons = Set.copyOf(reasons);
    if (fromOffset.isPresent() && fromOffset.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "expected --from-offset >= 0, found " + fromOffset.getAsLong());
    }
    if (fromOffset.isPresent()
        && toOffset.isPresent()
        && toOffset.getAsLong() < fromOffset.getAsLong()) {
      throw new IllegalArgumentException(
          "expected --to-offset >= --from-offset, found "
              + toOffset.getAsLong()
              + " < "
              + fromOffset.getAsLong());
    }
    if (fromTime.isPresent() && toTime.isPresent() && !toTime.get().isAfter(fromTime.get())) {
      throw new IllegalArgumentException(
          "expected --to-time after --from-time, found " + toTime.get() + " <= " + fromTime.get());
    }
  }

  /** Whether a dead letter that failed at {@code failedAt} is inside the time range. */
  public boolean inTimeRange(Instant failedAt) {
    return fromTime.map(from -> !failedAt.isBefore(from)).orElse(true)
        && toTime.map(failedAt::isBefore).orElse(true);
  }

  /** Whether dead letters of {@code reason} are replayed. */
  public boolean replaysReason(String reason) {
    return reasons.isEmpty() || reasons.contains(reason);
  }

  /** Whether {@code partition} of the dead-letter topic is read. */
  public boolean readsPartition(int partition) {
    return partitions.isEmpty() || partitions.contains(partition);
  }
}
