package io.streambert.processor.it.bench;

import io.streambert.processor.it.PipelineOutputs;
import io.streambert.schemas.avro.SentimentResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what the processors behind a {@link SteadyLoad} sustain: drains a backlog and counts
 * results per second from a fifth of it done (past the start-up of the passes) to all done.
 */
final class BacklogCapacity {

  private BacklogCapacity() {}

  /**
   * Sends {@code records} as fast as the producer goes and returns records/s.
   *
   * @throws IllegalStateException when not every input has results on both topics within {@code
   *     wait}
   */
  static double measure(SteadyLoad load, PipelineOutputs outputs, int records, Duration wait) {
    int from = load.sent();
    load.backlog(records);
    int count = load.sent() - from;
    boolean done = outputs.pollUntil(() -> both(outputs) >= load.sent(), wait, Duration.ZERO);
    if (!done) {
      throw new IllegalStateException(
          "expected " + load.sent() + " results on both topics, found " + both(outputs));
    }
    List<Long> times = new ArrayList<>();
    for (PipelineOutputs.Received<SentimentResult> r : outputs.sentiments()) {
      times.add(r.receivedAtMillis());
    }
    times.sort(null);
    int start = (int) (times.size() * 0.2);
    double seconds = (times.get(times.size() - 1) - times.get(start)) / 1000.0;
    return (count - start) / Math.max(seconds, 1e-3);
  }

  /** Inputs with a result on both topics. */
  static int both(PipelineOutputs outputs) {
    return Math.min(
        outputs.sentimentCountsByEventId().size(), outputs.entityCountsByEventId().size());
  }
}
