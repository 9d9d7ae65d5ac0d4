package io.streambert.processor.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The batch of one stream task, kept in a changelogged store so it commits atomically with the
 * input offsets and the outputs, plus an in-memory mirror for cheap size checks.
 *
 * <p>The buffer is a queue: a prefix of it may be <em>dispatched</em> as one or more batches
 * (handed to the model, their results not yet forwarded) while later records keep arriving as
 * <em>pending</em>. Dispatched records stay in the store until {@link #removeOldestDispatched()},
 * after their results are forwarded, so a commit while they are in flight keeps them buffered.
 * Batches leave in the order they were dispatched, which is arrival order.
 *
 * <p>Records are ordered by a sequence number assigned at arrival and stored in the value. The
 * store key is the sequence modulo a fixed ring size: the buffer never holds more than {@value
 * io.streambert.processor.config.ProcessorConfig#MAX_BATCHES_IN_FLIGHT} batches in flight plus one
 * pending batch of {@code batch.max.records} (at most {@value
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

  /** The dispatched batches, oldest first; their records are the first ones of {@link #records}. */
  private final ArrayDeque<Dispatched> batches = new ArrayDeque<>();

  private long nextSequence;

  private record Dispatched(int size, long tokens) {}

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
    batches.clear();
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

  /**
   * Marks every pending record as dispatched, as one batch behind those already in flight, and
   * returns them in arrival order.
   */
  List<BufferedRecord> dispatch() {
    return dispatch(Integer.MAX_VALUE);
  }

  /**
   * Marks the oldest {@code maxRecords} pending records (all of them if fewer) as dispatched, as
   * one batch behind those already in flight, and returns them in arrival order.
   */
  List<BufferedRecord> dispatch(int maxRecords) {
    List<BufferedRecord> batch = pending().limit(maxRecords).toList();
    batches.add(
        new Dispatched(batch.size(), batch.stream().mapToLong(BufferedRecord::tokenCount).sum()));
    return batch;
  }

  /** Batches dispatched and not yet removed. */
  int dispatchedBatches() {
    return batches.size();
  }

  /**
   * Removes the records of the oldest dispatched batch (after its results or dead letters were
   * forwarded).
   *
   * @throws IllegalStateException when no batch is dispatched
   */
  void removeOldestDispatched() {
    Dispatched oldest = batches.pollFirst();
    if (oldest == null) {
      throw new IllegalStateException("expected a dispatched batch to remove, found none");
    }
    for (int i = 0; i < oldest.size(); i++) {
      BufferedRecord r = records.removeFirst();
      store.delete(slot(r.sequence()));
    }
    tokens -= oldest.tokens();
  }

  /** Records that arrived and are not dispatched. */
  int pendingSize() {
    return records.size() - dispatchedSize();
  }

  /** Tokens of the pending records. */
  long pendingTokens() {
    return tokens - batches.stream().mapToLong(Dispatched::tokens).sum();
  }

  /** Wall-clock time the oldest pending record arrived, if any. */
  OptionalLong oldestPendingEnqueuedAt() {
    return pending().mapToLong(BufferedRecord::enqueuedAtMs).findFirst();
  }

  /** The pending records, in arrival order: those after the dispatched batches. */
  private Stream<BufferedRecord> pending() {
    return records.stream().skip(dispatchedSize());
  }

  /** Records of the dispatched batches (at most {@code batch.max.in.flight} batches to add up). */
  private int dispatchedSize() {
    return batches.stream().mapToInt(Dispatched::size).sum();
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
