package io.streambert.trainer.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Reads a whole topic, from the beginning up to the end offsets seen when it starts. */
public final class TopicSnapshot {
  private TopicSnapshot() {}

  /**
   * Every record of {@code topic} up to its current end, in offset order per partition.
   *
   * @param consumer a consumer without a group (assigned here; owned by the caller)
   * @throws IllegalStateException when the topic does not exist or the end is not reached in time
   */
  public static <V> List<ConsumerRecord<String, V>> read(
      Consumer<String, V> consumer, String topic, Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("expected topic " + topic + ", found no such topic");
    }
    List<TopicPartition> partitions =
        infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    while (!reached(consumer, end)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "expected to read " + topic + " up to offsets " + end + " within " + timeout);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(out::add);
    }
    return out;
  }

  private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
