package io.streambert.processor.topology;

import io.streambert.model.TextModel;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.InvalidTextException;
import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.serving.ModelLease;
import io.streambert.processor.serving.ServedModels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a task's records for the model of their batch, each exactly once per serving model, and
 * holds the pending batch's {@link ModelLease}.
 *
 * <p>{@link #batchModel()} is where a batch picks the model it runs on: the first record of a batch
 * (or the flush of records restored from the changelog) acquires the lease from {@link
 * ServedModels#acquire()}, and every record of that batch is encoded and predicted by the leased
 * model. The lease goes with the batch's passes when it is flushed ({@link #take}), so a swap of
 * the served model takes effect at the next batch.
 *
 * <p>A record is encoded on arrival (its token count drives the flush decision) and the encoding is
 * kept until its batch leaves; only records restored from the changelog, and a record whose batch
 * was cut before it by a model swap, are encoded at the flush.
 */
final class RecordEncoder implements AutoCloseable {

  private final ServedModels models;
  private final DeadLetterEmitter deadLetters;
  private final ArrayDeque<Kept> kept = new ArrayDeque<>();
  private ModelLease lease;

  /** The encoding of a pending record, by its buffer sequence, in arrival order. */
  private record Kept(long sequence, EncodedText encoded) {}

  RecordEncoder(ServedModels models, DeadLetterEmitter deadLetters) {
    this.models = models;
    this.deadLetters = deadLetters;
  }

  /**
   * The model of the pending batch, leased from {@link ServedModels#acquire()} by the batch's first
   * record.
   *
   * @throws io.streambert.processor.serving.NoModelServedException when no model is served yet
   */
  TextModel batchModel() {
    if (lease == null) {
      lease = models.acquire();
    }
    return lease.model();
  }

  /**
   * Keeps {@code encoded}, made by {@code encodedBy}, for the record {@code stored} that joined the
   * pending batch; dropped when the batch's model is another one (the record was encoded just
   * before a flush, and a swap gave the new batch another model): it is encoded again at its flush.
   */
  void keep(BufferedRecord stored, TextModel encodedBy, EncodedText encoded) {
    if (batchModel() == encodedBy) {
      kept.addLast(new Kept(stored.sequence(), encoded));
    }
  }

  /** Ends the pending batch's lease while it holds no record, so that a swap can retire it. */
  void releaseIdle(int pendingRecords) {
    if (lease != null && pendingRecords == 0) {
      lease.close();
      lease = null;
    }
  }

  /**
   * The encoded records of one pass over {@code records}, the oldest pending ones, with a lease on
   * the batch's model; records the model cannot encode are dead-lettered and left out. The last
   * pass of a flush takes over the batch's lease, the others share it.
   */
  PassPipeline.Pass take(List<BufferedRecord> records, boolean lastOfBatch) {
    TextModel model = batchModel();
    ModelLease passLease = lastOfBatch ? lease : lease.share();
    if (lastOfBatch) {
      lease = null;
    }
    List<BufferedRecord> encodedRecords = new ArrayList<>(records.size());
    List<EncodedText> encoded = new ArrayList<>(records.size());
    long tokens = 0;
    for (BufferedRecord r : records) {
      EncodedText e = keptFor(r);
      if (e == null) {
        try {
          e = model.encode(r.text());
        } catch (InvalidTextException | RuntimeException ex) {
          deadLetters.emit(r, DeadLetterReason.INVALID_TEXT, ex);
          continue;
        }
      }
      encodedRecords.add(r);
      encoded.add(e);
      tokens += e.tokenCount();
    }
    return new PassPipeline.Pass(passLease, encodedRecords, encoded, tokens);
  }

  /** The kept encoding of {@code r}, or null when it was not encoded for this batch's model. */
  private EncodedText keptFor(BufferedRecord r) {
    while (!kept.isEmpty() && kept.peekFirst().sequence() < r.sequence()) {
      kept.removeFirst();
    }
    if (!kept.isEmpty() && kept.peekFirst().sequence() == r.sequence()) {
      return kept.removeFirst().encoded();
    }
    return null;
  }

  /** Drops the kept encodings and ends the pending batch's lease (the records stay buffered). */
  @Override
  public void close() {
    kept.clear();
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }
}
