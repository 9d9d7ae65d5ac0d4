package io.streambert.processor.rollout;

import io.streambert.model.inference.NativeHeap;
import io.streambert.processor.metrics.ResidentMemoryMetrics;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retire thread of a rollout: once a replaced model has closed, trims the native heap (when
 * configured) so that the closed model's freed memory goes back to the operating system, then
 * reports the model retired.
 *
 * <p>The model closes on whichever thread ends its last lease, often a stream thread; that thread
 * only hands the work over. A step handed over after {@link #close()} runs on the calling thread.
 */
final class ModelRetirer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelRetirer.class);

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(DaemonThreads.named("streambert-model-retire"));
  private final Supplier<NativeHeap.Trim> trim;

  /**
   * A retirer.
   *
   * @param trim trims the native heap ({@link NativeHeap#trim}), or null for no trim
   */
  ModelRetirer(Supplier<NativeHeap.Trim> trim) {
    this.trim = trim;
  }

  /** Completes once {@code model} has closed, the heap was trimmed and {@code report} ran. */
  CompletableFuture<Void> afterClose(WatchedModel model, Runnable report) {
    return model
        .closed()
        .thenRunAsync(
            () -> {
              trimAfterClose(model.version());
              report.run();
            },
            this::onRetireThread);
  }

  private void onRetireThread(Runnable step) {
    try {
      thread.execute(step);
    } catch (RejectedExecutionException e) {
      step.run();
    }
  }

  private void trimAfterClose(String version) {
    if (trim == null) {
      return;
    }
    OptionalLong before = ResidentMemoryMetrics.current();
    NativeHeap.Trim done = trim.get();
    if (log.isDebugEnabled()) {
      log.debug(
          "Native heap {} after closing model {}: RSS {} -> {} MiB ({})",
          done.trimmed() ? "trimmed" : "not trimmed",
          version,
          mib(before),
          mib(ResidentMemoryMetrics.current()),
          done.report());
    }
  }

  private static String mib(OptionalLong bytes) {
    return bytes.isPresent() ? Long.toString(bytes.getAsLong() >> 20) : "?";
  }

  /** Lets a step already handed over finish (up to 10 s); later ones run on their caller. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("A retire step still runs 10 s after closing");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
