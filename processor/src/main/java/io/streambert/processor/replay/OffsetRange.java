package io.streambert.processor.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a replay reads from one dead-letter partition: from {@code start} (inclusive) to
 * {@code end} (exclusive), fixed before reading so that the replay ends even while the processor
 * keeps dead-lettering.
 */
public record OffsetRange(TopicPartition partition, long start, long end) {

  /** The number of offsets in the range (control records of transactions included). */
  public long size() {
    return Math.max(0, end - start);
  }

  @Override
  public String toString() {
    return partition + " offsets [" + start + ", " + end + ")";
  }

  /**
   * The ranges of {@code topic} that {@code selection} reads, clamped to what the partitions hold
   * now: the log start offset and, for a {@code read_committed} consumer, the last stable offset.
   *
   * @throws IllegalArgumentException when the topic or a selected partition does not exist
   */
  public static List<OffsetRange> resolve(
      Consumer<?, ?> consumer, String topic, ReplaySelection selection) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException(
          "expected the dead-letter topic '" + topic + "' to exist, found no partitions");
    }
    Set<Integer> existing = new TreeSet<>();
    infos.forEach(info -> existing.add(info.partition()));
    if (!existing.containsAll(selection.partitions())) {
      Set<Integer> missing = new TreeSet<>(selection.partitions());
      missing.removeAll(existing);
      throw new IllegalArgumentException(
          "expected partitions of '" + topic + "' among " + existing + ", found " + missing);
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p : existing) {
      if (selection.readsPartition(p)) {
        partitions.add(new TopicPartition(topic, p));
      }
    }
    // Assigned first: a read_committed consumer's end offsets (last stable offsets) are kept only
    // for partitions it holds.
    consumer.assign(partitions);
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    List<OffsetRange> ranges = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      long first = beginnings.get(tp);
      long stable = ends.get(tp);
      long start = Math.max(first, selection.fromOffset().orElse(first));
      long end =
          Math.min(
              stable,
              selection.toOffset().isPresent() ? selection.toOffset().getAsLong() + 1 : stable);
      ranges.add(new OffsetRange(tp, start, Math.max(start, end)));
    }
    return ranges;
  }

  /** The total number of offsets in {@code ranges}. */
  public static long total(Collection<OffsetRange> ranges) {
    return ranges.stream().mapToLong(OffsetRange::size).sum();
  }
}
