package io.streambert.processor.topology;

import io.streambert.model.PlannedPasses;
import io.streambert.model.encoding.EncodedText;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.serving.ModelLease;
import io.streambert.processor.serving.PassLimiter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task's forward passes and hands them back finished, in the order they started.
 *
 * <p>Every pass waits for a permit of the instance's {@link PassLimiter}. Without pipelining a pass
 * runs on the stream thread and is handed to the {@link Completion} at once. With {@link
 * BatchSettings#pipelined()} it runs on an inference thread of this task while the stream thread
 * goes on; the stream thread collects finished passes with {@link #completeDone()} or waits for the
 * oldest with {@link #completeOldest()}. Passes are completed in start order even when a later one
 * ends first, so outputs keep input order. A pass's {@link ModelLease} is closed once its outcomes
 * have been handed on, so the model stays open until then.
 */
final class PassPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PassPipeline.class);

  /**
   * The input of one pass.
   *
   * @param lease the lease on the model that encoded the records and runs the pass
   * @param records the records the model encoded, in buffer order
   * @param encoded their encodings, in the same order
   * @param tokens the encodings' tokens
   */
  record Pass(
      ModelLease lease, List<BufferedRecord> records, List<EncodedText> encoded, long tokens) {}

  /**
   * A pass that has run.
   *
   * @param records the records of the pass, in buffer order
   * @param tokens their tokens
   * @param outcomes per record, its prediction or the error it alone caused
   * @param nanos how long the forward pass took
   * @param planned the model's forward passes over the records' windows and their padding
   */
  record FinishedPass(
      List<BufferedRecord> records,
      long tokens,
      List<BatchInference.Outcome> outcomes,
      long nanos,
      PlannedPasses planned) {}

  /** What the task does with a finished pass, on the stream thread. */
  interface Completion {
    /** {@code lease} names the model and the release the pass ran on; it closes after this. */
    void finished(FinishedPass pass, ModelLease lease);
  }

  private record Timed(List<BatchInference.Outcome> outcomes, long nanos, PlannedPasses planned) {}

  private record Running(Pass pass, Future<Timed> outcomes) {}

  private final PassLimiter passes;
  private final Completion completion;
  private final ExecutorService inferenceThreads;
  private final String task;
  private final ArrayDeque<Running> running = new ArrayDeque<>();

  PassPipeline(BatchSettings settings, PassLimiter passes, Completion completion, String task) {
    this.passes = passes;
    this.completion = completion;
    this.task = task;
    this.inferenceThreads = settings.pipelined() ? threads(settings.maxInFlight(), task) : null;
  }

  private static ExecutorService threads(int count, String task) {
    String name = "streambert-inference-" + task + "-";
    AtomicInteger threads = new AtomicInteger();
    return Executors.newFixedThreadPool(
        count,
        runnable -> {
          Thread thread = new Thread(runnable, name + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Starts {@code pass}: on an inference thread when pipelined, else here, completing it. */
  void start(Pass pass) {
    if (inferenceThreads == null) {
      running.addLast(new Running(pass, CompletableFuture.completedFuture(run(pass))));
      completeOldest();
    } else {
      running.addLast(new Running(pass, inferenceThreads.submit(() -> run(pass))));
    }
  }

  private Timed run(Pass pass) {
    return passes.run(
        () -> {
          long start = System.nanoTime();
          List<BatchInference.Outcome> outcomes =
              BatchInference.run(pass.lease().model(), pass.encoded());
          long nanos = System.nanoTime() - start;
          return new Timed(outcomes, nanos, pass.lease().model().plan(pass.encoded()));
        });
  }

  /** Passes started and not yet completed. */
  int inFlight() {
    return running.size();
  }

  /** Pass permits of the instance free now (a snapshot). */
  int freePermits() {
    return passes.freePermits();
  }

  /** Completes the oldest passes while they have finished; never waits. */
  void completeDone() {
    while (!running.isEmpty() && running.peekFirst().outcomes().isDone()) {
      completeOldest();
    }
  }

  /** Waits for the oldest pass, hands it to the completion, then closes its lease. */
  void completeOldest() {
    Timed timed = await(running.peekFirst());
    Pass pass = running.removeFirst().pass();
    try (ModelLease lease = pass.lease()) {
      completion.finished(
          new FinishedPass(
              pass.records(), pass.tokens(), timed.outcomes(), timed.nanos(), timed.planned()),
          lease);
    }
  }

  private static String modelOf(Running r) {
    return r.pass().lease().model().version();
  }

  private static Timed await(Running pass) {
    try {
      return pass.outcomes().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamsException("interrupted while waiting for a forward pass", e);
    } catch (ExecutionException e) {
      // BatchInference turns records' failures into outcomes and the pass limiter waits out a model
      // that cannot work: what arrives here is an Error, or that wait ended by shutdown.
      throw new StreamsException("the inference thread failed", e.getCause());
    }
  }

  /**
   * Drops the passes in flight uncompleted (their records are still buffered), after letting them
   * finish so that nothing uses a model after the task is gone, and closes their leases.
   */
  @Override
  public void close() {
    if (inferenceThreads != null) {
      inferenceThreads.shutdown();
      try {
        if (!inferenceThreads.awaitTermination(60, TimeUnit.SECONDS)) {
          log.warn("Task {}: a forward pass still runs after 60 s of closing", task);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Running r : running) {
      if (r.outcomes().isDone()) {
        r.pass().lease().close();
      } else {
        // Never close a model under a running pass: its lease stays open (the model with it).
        log.warn("Task {}: leaving model {} open for a pass still running", task, modelOf(r));
      }
    }
    running.clear();
  }
}
