package io.streambert.processor.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The batch of one stream task, kept in a changelogged store so it commits atomically with the
 * input offsets and the outputs, plus an in-memory mirror for cheap size checks.
 *
 * <p>Records are ordered by a sequence number assigned at arrival and stored in the value. The
 * store key is the sequence modulo a fixed ring size: the buffer never holds more than {@code
 * batch.max.records} (at most {@value
 * io.streambert.processor.config.ProcessorConfig#MAX_BATCH_RECORDS}) consecutive sequences, so keys
 * never collide, and the changelog compacts to at most {@link #DEFAULT_RING_SIZE} keys instead of
 * one tombstone per record ever processed (which a restore would have to read back).
 */
final class BatchBuffer {

  /** Number of distinct store keys. */
  static final int DEFAULT_RING_SIZE = 1 << 16;

  private final KeyValueStore<Integer, BufferedRecord> store;
  private final int ringSize;
  private final ArrayDeque<BufferedRecord> records = new ArrayDeque<>();
  private long tokens;
  private long nextSequence;

  BatchBuffer(KeyValueStore<Integer, BufferedRecord> store) {
    this(store, DEFAULT_RING_SIZE);
  }

  BatchBuffer(KeyValueStore<Integer, BufferedRecord> store, int ringSize) {
    this.store = store;
    this.ringSize = ringSize;
  }

  /**
   * Rebuilds the mirror from the store (after a restart or a restore).
   *
   * @return the number of records found
   */
  int load() {
    records.clear();
    tokens = 0;
    List<BufferedRecord> found = new ArrayList<>();
    try (KeyValueIterator<Integer, BufferedRecord> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<Integer, BufferedRecord> kv = it.next();
        found.add(kv.value);
      }
    }
    found.sort(Comparator.comparingLong(BufferedRecord::sequence));
    for (BufferedRecord r : found) {
      records.add(r);
      tokens += r.tokenCount();
    }
    nextSequence = found.isEmpty() ? 0 : found.get(found.size() - 1).sequence() + 1;
    return found.size();
  }

  /** Appends {@code record} under the next sequence number and returns it with that number. */
  BufferedRecord append(BufferedRecord record) {
    if (records.size() >= ringSize) {
      throw new IllegalStateException(
          "Batch buffer full: expected fewer than "
              + ringSize
              + " records, found "
              + records.size());
    }
    BufferedRecord stored = record.withSequence(nextSequence++);
    store.put(slot(stored.sequence()), stored);
    records.add(stored);
    tokens += stored.tokenCount();
    return stored;
  }

  /** The buffered records in arrival order. */
  List<BufferedRecord> records() {
    return List.copyOf(records);
  }

  /** Removes every buffered record (after their results or dead letters were forwarded). */
  void clear() {
    for (BufferedRecord r : records) {
      store.delete(slot(r.sequence()));
    }
    records.clear();
    tokens = 0;
  }

  int size() {
    return records.size();
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  long tokens() {
    return tokens;
  }

  /** Wall-clock time the oldest buffered record arrived, if any. */
  OptionalLong oldestEnqueuedAt() {
    return records.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(records.peekFirst().enqueuedAtMs());
  }

  private int slot(long sequence) {
    return (int) Math.floorMod(sequence, (long) ringSize);
  }
}
