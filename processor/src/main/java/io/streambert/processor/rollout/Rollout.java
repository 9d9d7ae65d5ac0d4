package io.streambert.processor.rollout;

import io.streambert.model.TextModel;
import io.streambert.model.inference.NativeHeap;
import io.streambert.processor.metrics.ResidentMemoryMetrics;
import io.streambert.schemas.avro.ModelState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link ReleaseStateMachine}'s decisions: follows the release topic on one thread,
 * loads releases on another, swaps the served model, reports every step to the status topic.
 *
 * <p>Neither thread is a stream thread, so processing goes on while a model loads. The machine's
 * calls are serialized on one lock. Before a load starts, the model the last swap replaced must
 * have closed (its last batch ended), so at most two models are resident: the serving one and the
 * one loading (or the one just replaced, draining).
 *
 * <p>Once a replaced model has closed, the {@link ModelRetirer} trims the native heap (when
 * configured) and then reports the release retired, on its own thread.
 *
 * <p>{@code onSettled} runs once, when the topic has been read to its end and the release that
 * applies serves: the app starts its stream threads then, so no record is processed before.
 *
 * <p>A release rejected because its store was unavailable is loaded again by itself after {@link
 * RetryBackoff#after its wait}, on a timer thread, while it is still the newest candidate.
 */
public final class Rollout implements ReleaseListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Rollout.class);

  /** How often a load waiting for the replaced model to close says so. */
  private static final Duration RETIRE_LOG_INTERVAL = Duration.ofSeconds(30);

  private final ReleaseStateMachine machine;
  private final ReleaseLoader loader;
  private final ModelSwap swap;
  private final StatusReporter status;
  private final RolloutMetrics metrics;
  private final Runnable onSettled;
  private final ReleaseFollower follower;
  private final Thread followerThread;
  private final ExecutorService loads =
      Executors.newSingleThreadExecutor(DaemonThreads.named("streambert-model-loader"));
  private final ModelRetirer retirer;
  private final ReleaseRetries retries;
  private final Object lock = new Object();
  private final WatchedModel given;
  private WatchedModel serving;
  private CompletableFuture<Void> replacedRetired = CompletableFuture.completedFuture(null);
  private Pending pending;
  private boolean started;
  private boolean closed;

  /** The outcome of the load the machine is told about next, with what its statuses need. */
  private record Pending(
      Release release, WatchedModel model, LoadOutcome outcome, OptionalLong before) {}

  /**
   * A rollout; nothing runs until {@link #start()}.
   *
   * @param machine the decisions, created for this instance
   * @param given the loaded bootstrap model the machine was told is serving, or null
   * @param loader loads releases (on the loader thread)
   * @param swap installs a model for the next batches
   * @param status publishes status records (owned from now on)
   * @param metrics the rollout's meters
   * @param backoff how long a release whose store was unavailable waits before it is loaded again
   * @param follower the follower of the release topic, made for this rollout as its listener (owned
   *     from now on)
   * @param onSettled runs once when records may first be processed
   * @param trim trims the native heap once a replaced model has closed ({@link NativeHeap#trim}),
   *     or null for no trim
   */
  Rollout(
      ReleaseStateMachine machine,
      WatchedModel given,
      ReleaseLoader loader,
      ModelSwap swap,
      StatusReporter status,
      RolloutMetrics metrics,
      RetryBackoff backoff,
      Function<ReleaseListener, ReleaseFollower> follower,
      Runnable onSettled,
      Supplier<NativeHeap.Trim> trim) {
    this.machine = Objects.requireNonNull(machine, "machine");
    this.given = given;
    this.serving = given;
    this.loader = Objects.requireNonNull(loader, "loader");
    this.swap = Objects.requireNonNull(swap, "swap");
    this.status = Objects.requireNonNull(status, "status");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.retries = new ReleaseRetries(backoff);
    this.onSettled = Objects.requireNonNull(onSettled, "onSettled");
    this.retirer = new ModelRetirer(trim);
    this.follower = follower.apply(this);
    this.followerThread = new Thread(this.follower, "streambert-release-follower");
    this.followerThread.setDaemon(true);
  }

  /** Starts following the release topic; loading begins once the start-up read ended. */
  public void start() {
    synchronized (lock) {
      if (serving != null) {
        Release bootstrap = machine.serving().orElseThrow();
        status.report(
            bootstrap,
            serving.version(),
            ModelState.SERVING,
            null,
            -1,
            -1,
            OptionalLong.empty(),
            rss());
      }
    }
    followerThread.start();
  }

  @Override
  public void onRelease(Release release) {
    act(() -> machine.onRelease(release));
  }

  @Override
  public void onTombstone(String key) {
    act(() -> machine.onTombstone(key));
  }

  @Override
  public void onCaughtUp() {
    log.info("Release topic read to its end");
    act(machine::onCaughtUp);
  }

  /**
   * The bootstrap model the caller gave, wrapped so that its retirement is reported: the model the
   * serving side starts with. Empty when none was given.
   */
  public Optional<TextModel> initialModel() {
    synchronized (lock) {
      return started ? Optional.empty() : Optional.ofNullable(serving);
    }
  }

  /** The release serving, when one is. */
  public Optional<Release> serving() {
    synchronized (lock) {
      return machine.serving();
    }
  }

  /**
   * Applies one step of the machine and carries out its actions; starts processing once settled.
   *
   * @return false when the rollout is closed and the step was not applied
   */
  private boolean act(Supplier<List<RolloutAction>> step) {
    Release settledOn = null;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      for (RolloutAction action : step.get()) {
        execute(action);
      }
      if (machine.settled() && !started) {
        started = true;
        settledOn = machine.serving().orElseThrow();
      }
    }
    if (settledOn != null) {
      log.info("Serving {}; processing starts", settledOn);
      onSettled.run();
    }
    return true;
  }

  private void execute(RolloutAction action) {
    if (action instanceof RolloutAction.Load load) {
      loads.execute(() -> load(load.release()));
    } else if (action instanceof RolloutAction.Serve serve) {
      serve(serve.release(), serve.replaced());
    } else if (action instanceof RolloutAction.Discard discard) {
      discard(discard.release(), discard.newer());
    } else if (action instanceof RolloutAction.Reject reject) {
      reject(reject.release(), reject.reason());
    } else if (action instanceof RolloutAction.RetryLater retry) {
      retries.schedule(
          retry.release(),
          retry.rejections(),
          () -> act(() -> machine.onRetryDue(retry.release())));
    }
  }

  /** On the loader thread: waits for the replaced model to close, then loads and checks. */
  private void load(Release release) {
    awaitReplacedClosed();
    if (Thread.currentThread().isInterrupted()) {
      return;
    }
    OptionalLong before = rss();
    status.report(release, release.version(), ModelState.LOADING, null, -1, -1, before, before);
    log.info("Loading {}", release);
    LoadOutcome outcome;
    try {
      outcome = loader.load(release);
    } catch (RuntimeException | Error e) {
      log.error("Loading {} failed unexpectedly", release, e);
      outcome = new LoadOutcome.Rejected("LOAD_FAILED: " + e, -1, -1);
    }
    metrics.timings(outcome);
    LoadOutcome done = outcome;
    WatchedModel model =
        done instanceof LoadOutcome.Loaded loaded ? new WatchedModel(loaded.model()) : null;
    boolean applied =
        act(
            () -> {
              pending = new Pending(release, model, done, before);
              if (model != null) {
                return machine.onLoaded(release);
              }
              LoadOutcome.Rejected rejected = (LoadOutcome.Rejected) done;
              return rejected.transientFailure()
                  ? machine.onUnavailable(release, rejected.reason())
                  : machine.onRejected(release, rejected.reason());
            });
    if (!applied && model != null) {
      model.close();
    }
  }

  /** Waits until the model the last swap replaced has closed and been reported retired. */
  private void awaitReplacedClosed() {
    CompletableFuture<Void> retired;
    synchronized (lock) {
      retired = replacedRetired;
    }
    while (true) {
      try {
        retired.get(RETIRE_LOG_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        log.warn(
            "The replaced model is still used by a batch after {}; the next load waits for it",
            RETIRE_LOG_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        return;
      }
    }
  }

  private void serve(Release release, Release previous) {
    Pending p = takePending(release);
    WatchedModel old = serving;
    swap.swap(p.model(), release);
    serving = p.model();
    metrics.swapped(release);
    log.info("Serving {} (model {}), replacing {}", release, p.model().version(), previous);
    status.report(
        release,
        p.model().version(),
        ModelState.SERVING,
        null,
        p.outcome().loadMillis(),
        p.outcome().checkMillis(),
        p.before(),
        rss());
    if (old != null && previous != null) {
      replacedRetired =
          retirer.afterClose(
              old,
              () ->
                  status.report(
                      previous,
                      old.version(),
                      ModelState.RETIRED,
                      null,
                      -1,
                      -1,
                      OptionalLong.empty(),
                      rss()));
    }
  }

  private void discard(Release release, Release newer) {
    Pending p = takePending(release);
    p.model().close();
    metrics.discarded();
    String reason = "superseded by " + newer + " before it served";
    log.info("Discarding the model of {}: {}", release, reason);
    status.report(
        release,
        p.model().version(),
        ModelState.RETIRED,
        reason,
        p.outcome().loadMillis(),
        p.outcome().checkMillis(),
        p.before(),
        rss());
  }

  private void reject(Release release, String reason) {
    Pending p = takePending(release);
    metrics.rejected(reason);
    log.warn("Rejected {}: {}; still serving {}", release, reason, machine.serving().orElse(null));
    status.report(
        release,
        release.version(),
        ModelState.REJECTED,
        reason,
        p.outcome().loadMillis(),
        p.outcome().checkMillis(),
        p.before(),
        rss());
  }

  private Pending takePending(Release release) {
    Pending p = pending;
    if (p == null || p.release() != release) {
      throw new IllegalStateException(
          "expected the load outcome of "
              + release
              + ", found "
              + (p == null ? "none" : p.release()));
    }
    pending = null;
    return p;
  }

  private static OptionalLong rss() {
    return ResidentMemoryMetrics.current();
  }

  /** {@link #close(boolean)} leaving the serving model open. */
  @Override
  public void close() {
    close(false);
  }

  /**
   * Stops following and loading (a load running ends first; its model is closed unserved), then
   * closes the status producer and the loader. Idempotent.
   *
   * @param closeServing whether to close the serving model too, when the rollout loaded it (a
   *     bootstrap model the caller gave stays the caller's): only once no batch can use it (the
   *     stream threads have stopped)
   */
  public void close(boolean closeServing) {
    boolean first;
    synchronized (lock) {
      first = !closed;
      closed = true;
    }
    if (first) {
      follower.close();
      retries.close();
      // Interrupts a load waiting for a replaced model to close; a load inside ONNX Runtime ends
      // first, and its model is closed unserved.
      loads.shutdownNow();
      try {
        followerThread.join(10_000);
        if (!loads.awaitTermination(60, TimeUnit.SECONDS)) {
          log.warn("A model load still runs 60 s after closing");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      retirer.close();
      status.close();
      loader.close();
    }
    if (closeServing) {
      WatchedModel last;
      synchronized (lock) {
        last = serving;
      }
      if (last != null && last != given) {
        last.close();
      }
    }
  }
}
