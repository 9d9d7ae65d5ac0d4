package io.streambert.processor.topology;

import io.streambert.model.PlannedPasses;
import io.streambert.model.encoding.EncodedText;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.serving.ModelLease;
import io.streambert.processor.serving.PassLimiter;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * have been handed on, so the model stays open until then. A pass that an outage holds moves to the
 * model a swap installed meanwhile ({@link HeldPassMove}).
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

  /**
   * A pass in flight. Its fields change only on the thread running it, before the future that hands
   * it back completes: a pass held by an outage may move to a newer model ({@link HeldPassMove}).
   */
  private static final class InFlight {
    private volatile Pass pass;
    private volatile List<RuntimeException> unencodable;
    private boolean attempted;

    InFlight(Pass pass) {
      this.pass = pass;
    }
  }

  private record Running(InFlight pass, Future<Timed> outcomes) {}

  private final PassLimiter passes;
  private final HeldPassMove moves;
  private final Completion completion;
  private final ExecutorService inferenceThreads;
  private final String task;
  private final ArrayDeque<Running> running = new ArrayDeque<>();

  PassPipeline(
      BatchSettings settings,
      PassLimiter passes,
      HeldPassMove moves,
      Completion completion,
      String task) {
    this.passes = passes;
    this.moves = moves;
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
    InFlight flight = new InFlight(pass);
    if (inferenceThreads == null) {
      running.addLast(new Running(flight, CompletableFuture.completedFuture(run(flight))));
      completeOldest();
    } else {
      running.addLast(new Running(flight, inferenceThreads.submit(() -> run(flight))));
    }
  }

  private Timed run(InFlight flight) {
    return passes.run(
        () -> {
          if (flight.attempted && moves.stale(flight.pass)) {
            HeldPassMove.Moved moved = moves.move(flight.pass);
            flight.pass = moved.pass();
            flight.unencodable = moved.failures();
          }
          flight.attempted = true;
          Pass pass = flight.pass;
          long start = System.nanoTime();
          List<BatchInference.Outcome> outcomes =
              BatchInference.run(pass.lease().model(), pass.encoded());
          long nanos = System.nanoTime() - start;
          PlannedPasses planned =
              pass.encoded().isEmpty()
                  ? PlannedPasses.NONE
                  : pass.lease().model().plan(pass.encoded());
          return new Timed(withUnencodable(flight.unencodable, outcomes), nanos, planned);
        });
  }

  /** {@code outcomes} of the encoded records, with the failures of those not encoded in place. */
  private static List<BatchInference.Outcome> withUnencodable(
      List<RuntimeException> unencodable, List<BatchInference.Outcome> outcomes) {
    if (unencodable == null) {
      return outcomes;
    }
    List<BatchInference.Outcome> all = new ArrayList<>(unencodable.size());
    int next = 0;
    for (RuntimeException failure : unencodable) {
      all.add(failure == null ? outcomes.get(next++) : new BatchInference.Outcome(null, failure));
    }
    return all;
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
    Pass pass = running.removeFirst().pass().pass;
    try (ModelLease lease = pass.lease()) {
      completion.finished(
          new FinishedPass(
              pass.records(), pass.tokens(), timed.outcomes(), timed.nanos(), timed.planned()),
          lease);
    }
  }

  private static String modelOf(Running r) {
    return r.pass().pass.lease().model().version();
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
        r.pass().pass.lease().close();
      } else {
        // Never close a model under a running pass: its lease stays open (the model with it).
        log.warn("Task {}: leaving model {} open for a pass still running", task, modelOf(r));
      }
    }
    running.clear();
  }
}
