package io.streambert.processor.serving;

import io.streambert.model.TextModel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One batch's claim on a served model, from the encoding of its first record to the end of its last
 * forward pass. While any lease on a model is open, {@link ServedModels} does not close that model,
 * even after a swap has retired it.
 *
 * <p>Closing is idempotent: a lease counts once however often it is closed. A lease is used by one
 * batch at a time; {@link #share()} gives a part of a batch (a split pass) its own lease.
 */
public final class ModelLease implements AutoCloseable {

  private final ServedModels owner;
  private final ServedModels.Resident resident;
  private final AtomicBoolean closed = new AtomicBoolean();

  ModelLease(ServedModels owner, ServedModels.Resident resident) {
    this.owner = owner;
    this.resident = resident;
  }

  /** The leased model; open until this lease is closed. */
  public TextModel model() {
    if (closed.get()) {
      throw new IllegalStateException(
          "expected an open lease on model " + resident.model().version() + ", found it closed");
    }
    return resident.model();
  }

  ServedModels.Resident resident() {
    return resident;
  }

  /** Where the leased model came from. */
  public ReleaseCoordinate coordinate() {
    return resident.coordinate();
  }

  /**
   * Another lease on the same model, counted on its own: a retired model stays open until both are
   * closed.
   *
   * @throws IllegalStateException when this lease is closed
   */
  public ModelLease share() {
    if (closed.get()) {
      throw new IllegalStateException(
          "expected an open lease to share on model "
              + resident.model().version()
              + ", found it closed");
    }
    return owner.lease(resident);
  }

  /** Ends this claim; the last lease on a retired model closes the model. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      owner.release(resident);
    }
  }
}
