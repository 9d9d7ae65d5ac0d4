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
 * <p>The buffer is a queue: a prefix of it may be <em>dispatched</em> (handed to the model, its
 * results not yet forwarded) while later records keep arriving as <em>pending</em>. Dispatched
 * records stay in the store until {@link #removeDispatched()}, after their results are forwarded,
 * so a commit while they are in flight keeps them buffered.
 *
 * <p>Records are ordered by a sequence number assigned at arrival and stored in the value. The
 * store key is the sequence modulo a fixed ring size: the buffer never holds more than two batches
 * of {@code batch.max.records} (at most {@value
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
  private int dispatched;
  private long dispatchedTokens;
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
    dispatched = 0;
    dispatchedTokens = 0;
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

  /**
   * Marks every pending record as dispatched and returns them in arrival order.
   *
   * @throws IllegalStateException when a dispatched batch has not been removed yet
   */
  List<BufferedRecord> dispatch() {
    if (dispatched > 0) {
      throw new IllegalStateException(
          "expected no batch in flight when dispatching, found " + dispatched + " records");
    }
    dispatched = records.size();
    dispatchedTokens = tokens;
    return List.copyOf(records);
  }

  /** Removes the dispatched records (after their results or dead letters were forwarded). */
  void removeDispatched() {
    for (int i = 0; i < dispatched; i++) {
      BufferedRecord r = records.removeFirst();
      store.delete(slot(r.sequence()));
    }
    tokens -= dispatchedTokens;
    dispatched = 0;
    dispatchedTokens = 0;
  }

  /** Records that arrived and are not dispatched. */
  int pendingSize() {
    return records.size() - dispatched;
  }

  /** Tokens of the pending records. */
  long pendingTokens() {
    return tokens - dispatchedTokens;
  }

  /** Wall-clock time the oldest pending record arrived, if any. */
  OptionalLong oldestPendingEnqueuedAt() {
    if (pendingSize() == 0) {
      return OptionalLong.empty();
    }
    int i = 0;
    for (BufferedRecord r : records) {
      if (i++ == dispatched) {
        return OptionalLong.of(r.enqueuedAtMs());
      }
    }
    throw new IllegalStateException("unreachable: " + dispatched + " of " + records.size());
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

  private int slot(long sequence) {
    return (int) Math.floorMod(sequence, (long) ringSize);
  }
}
