package io.streambert.processor.serving;

import io.streambert.model.TextModel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model an instance serves, shared by every stream thread, and the one place where a batch
 * picks the model it runs on: {@link #acquire()}. The rollout swaps models here ({@link #swap}); a
 * swap therefore takes effect at the next batch and never inside one.
 *
 * <p>Each acquire returns a counted {@link ModelLease} that the batch holds from the encoding of
 * its first record to the end of its last pass. A swap makes the new model the one of the following
 * acquires and <em>retires</em> the old one: it is closed when its last lease is closed (by the
 * thread closing that lease), or at once when none is open. Counting, not timing, decides, so a
 * model is never closed under a running pass.
 *
 * <p>At most two models are resident: the current one and one retired model still leased. A swap
 * that would make a third resident is refused with {@link ModelSwapRefusedException} and changes
 * nothing; refusing rather than blocking keeps a caller that itself holds a lease (a stream thread)
 * from waiting on itself. A caller that prefers to wait calls {@link #awaitRetired} and retries.
 *
 * <p>Ownership: every model handed to {@link #swap} is closed by this object once retired; the
 * model given at construction is closed too when a swap retires it ({@link TextModel#close()} is
 * idempotent, so its creator may close it again). The model current when the instance stops stays
 * open: its creator (or the rollout that swapped it in) closes it.
 *
 * <p>Thread-safe; acquire and release take one short lock, once per batch.
 */
public final class ServedModels {

  private static final Logger log = LoggerFactory.getLogger(ServedModels.class);

  /** A resident model and its open leases (guarded by the owner's lock). */
  static final class Resident {
    private final TextModel model;
    private final ReleaseCoordinate coordinate;
    private int leases;

    private Resident(TextModel model, ReleaseCoordinate coordinate) {
      this.model = model;
      this.coordinate = coordinate;
    }

    TextModel model() {
      return model;
    }

    ReleaseCoordinate coordinate() {
      return coordinate;
    }
  }

  private final Object lock = new Object();
  private Resident current;
  private Resident retired;

  private ServedModels(Resident current) {
    this.current = current;
  }

  /** Serves nothing yet: {@link #acquire()} throws until the first {@link #swap}. */
  public static ServedModels none() {
    return new ServedModels(null);
  }

  /** Serves {@code model}, from {@code coordinate}, to every acquire until a swap. */
  public static ServedModels serving(TextModel model, ReleaseCoordinate coordinate) {
    return new ServedModels(
        new Resident(
            Objects.requireNonNull(model, "model"),
            Objects.requireNonNull(coordinate, "coordinate")));
  }

  /**
   * A lease on the current model for one batch; close it when the batch's last pass has ended.
   *
   * @throws NoModelServedException when no model is served yet
   */
  public ModelLease acquire() {
    synchronized (lock) {
      if (current == null) {
        throw new NoModelServedException();
      }
      return lease(current);
    }
  }

  /** Whether {@code lease} is on the model that acquires get now (not on a retired one). */
  public boolean isCurrent(ModelLease lease) {
    synchronized (lock) {
      return current == lease.resident();
    }
  }

  /**
   * Makes {@code next} the model of the following acquires and retires the current one, which is
   * closed once its last lease is closed (at once when it has none).
   *
   * @throws ModelSwapRefusedException when the model retired by the previous swap is still leased
   *     (nothing changed; the caller still owns {@code next})
   * @throws IllegalArgumentException when {@code next} is already resident
   */
  public void swap(TextModel next, ReleaseCoordinate coordinate) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(coordinate, "coordinate");
    Resident closeNow = null;
    synchronized (lock) {
      if ((current != null && current.model == next)
          || (retired != null && retired.model == next)) {
        throw new IllegalArgumentException(
            "expected a model that is not resident, found " + next.version() + " already served");
      }
      if (retired != null) {
        throw new ModelSwapRefusedException(
            "expected at most two resident models, found "
                + retired.model.version()
                + " still leased by "
                + retired.leases
                + " batch(es) after its swap; "
                + next.version()
                + " from "
                + coordinate
                + " not installed");
      }
      Resident old = current;
      current = new Resident(next, coordinate);
      if (old != null) {
        if (old.leases == 0) {
          closeNow = old;
        } else {
          retired = old;
        }
      }
    }
    if (closeNow != null) {
      closeRetired(closeNow);
    }
  }

  /**
   * Waits until no retired model is resident (its last lease closed), so that a swap would be
   * accepted.
   *
   * @return whether none is resident within {@code timeout}
   */
  public boolean awaitRetired(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (retired != null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        long ms = Math.max(1, left / 1_000_000);
        lock.wait(ms);
      }
      return true;
    }
  }

  /** The version of the current model, empty while none is served. */
  public Optional<String> currentVersion() {
    synchronized (lock) {
      return current == null ? Optional.empty() : Optional.of(current.model.version());
    }
  }

  /** Where the current model came from, empty while none is served. */
  public Optional<ReleaseCoordinate> currentCoordinate() {
    synchronized (lock) {
      return current == null ? Optional.empty() : Optional.of(current.coordinate);
    }
  }

  /** Models open now: 0 before the first, 1, or 2 while a retired one is still leased. */
  public int residentModels() {
    synchronized (lock) {
      return (current == null ? 0 : 1) + (retired == null ? 0 : 1);
    }
  }

  /** Open leases on the current model (a snapshot). */
  public int currentLeases() {
    synchronized (lock) {
      return current == null ? 0 : current.leases;
    }
  }

  ModelLease lease(Resident resident) {
    synchronized (lock) {
      resident.leases++;
      return new ModelLease(this, resident);
    }
  }

  void release(Resident resident) {
    boolean close;
    synchronized (lock) {
      resident.leases--;
      close = resident == retired && resident.leases == 0;
      if (close) {
        retired = null;
        lock.notifyAll();
      }
    }
    if (close) {
      closeRetired(resident);
    }
  }

  private static void closeRetired(Resident resident) {
    try {
      resident.model.close();
      log.info("Closed retired model {} (from {})", resident.model.version(), resident.coordinate);
    } catch (RuntimeException e) {
      log.warn("Closing retired model {} failed", resident.model.version(), e);
    }
  }
}
