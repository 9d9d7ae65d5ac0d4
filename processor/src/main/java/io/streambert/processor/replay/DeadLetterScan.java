package io.streambert.processor.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads fixed offset ranges of the dead-letter topic once, in offset order per partition, and stops
 * at their ends: it never waits for records written after the ranges were fixed.
 */
public final class DeadLetterScan {

  private static final Duration POLL = Duration.ofMillis(500);

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final Duration timeout;

  /**
   * A scan with {@code consumer} (assigned here, {@code read_committed}) that gives up when the
   * ranges are not read within {@code timeout}.
   */
  public DeadLetterScan(
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, Duration timeout) {
    this.consumer = consumer;
    this.timeout = timeout;
  }

  /**
   * Hands every record of {@code ranges} to {@code handler}.
   *
   * @throws IllegalStateException when the ends are not reached within the timeout; the records
   *     handled so far were handled
   */
  public void read(List<OffsetRange> ranges, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (OffsetRange range : ranges) {
      if (range.size() > 0) {
        ends.put(range.partition(), range.end());
      }
    }
    if (ends.isEmpty()) {
      return;
    }
    consumer.assign(ends.keySet());
    for (OffsetRange range : ranges) {
      if (range.size() > 0) {
        consumer.seek(range.partition(), range.start());
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> open = new HashMap<>(ends);
    while (!open.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "expected to read the dead-letter ranges to their ends within "
                + timeout
                + ", found these partitions short of their end offset: "
                + open.keySet().stream()
                    .map(tp -> tp + " at " + consumer.position(tp) + " of " + ends.get(tp))
                    .collect(Collectors.joining(", ")));
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Long end = ends.get(tp);
        if (end != null && record.offset() < end) {
          handler.accept(record);
        }
      }
      // A read_committed position passes aborted records and transaction markers too.
      open.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      consumer.pause(ends.keySet().stream().filter(tp -> !open.containsKey(tp)).toList());
    }
  }
}
