package io.streambert.processor.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streambert.processor.metrics.ProcessorMetrics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples the processor's meters (the ones {@code /metrics} exposes) at each {@link #sample()} and
 * keeps the per-interval figures of the last samples for the status page's charts.
 *
 * <p>Rates and means come from the difference between two samples of the cumulative meters: records
 * in and out per second ({@code streambert_records_in_total}, {@code
 * streambert_records_out_total}), the mean batch size ({@code streambert_batch_size_records}) and
 * the mean pass latency ({@code streambert_inference_latency_seconds}) of the batches in the
 * interval.
 */
public final class MeterSampler {

  /**
   * The figures of one interval.
   *
   * @param atMs the end of the interval (epoch ms)
   * @param inPerSecond input records read per second
   * @param outPerSecond result records emitted per second (every output)
   * @param batchRecords mean records per batch, or null when no batch ran
   * @param passMillis mean forward-pass time in ms, or null when no batch ran
   */
  public record Sample(
      long atMs, double inPerSecond, double outPerSecond, Double batchRecords, Double passMillis) {}

  /**
   * The cumulative meters at one instant.
   *
   * @param recordsIn input records read
   * @param recordsOut result records emitted, per output
   * @param deadLettered dead letters, per reason (reasons with none left out)
   * @param batches batches run
   * @param batchRecords records in those batches
   * @param passMillis forward-pass time of those batches, in ms
   */
  public record Totals(
      double recordsIn,
      Map<String, Double> recordsOut,
      Map<String, Double> deadLettered,
      long batches,
      double batchRecords,
      double passMillis) {

    /** Result records emitted, all outputs together. */
    public double recordsOutAll() {
      return recordsOut.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  private final MeterRegistry registry;
  private final LongSupplier clockMs;
  private final int keep;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private Totals last;
  private long lastAtMs;

  /**
   * Samples {@code registry}'s processor meters, keeping the last {@code keep} intervals.
   *
   * @param clockMs the wall clock in epoch ms
   */
  public MeterSampler(MeterRegistry registry, LongSupplier clockMs, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1, found " + keep);
    }
    this.registry = registry;
    this.clockMs = clockMs;
    this.keep = keep;
  }

  /** Reads the meters now and, from the second call on, records the interval since the last. */
  public synchronized void sample() {
    long now = clockMs.getAsLong();
    Totals current = totals();
    if (last != null && now > lastAtMs) {
      double seconds = (now - lastAtMs) / 1000.0;
      long batches = current.batches() - last.batches();
      samples.addLast(
          new Sample(
              now,
              (current.recordsIn() - last.recordsIn()) / seconds,
              (current.recordsOutAll() - last.recordsOutAll()) / seconds,
              batches > 0 ? (current.batchRecords() - last.batchRecords()) / batches : null,
              batches > 0 ? (current.passMillis() - last.passMillis()) / batches : null));
      while (samples.size() > keep) {
        samples.removeFirst();
      }
    }
    last = current;
    lastAtMs = now;
  }

  /** The recorded intervals, oldest first. */
  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The cumulative meters now. */
  public Totals totals() {
    double in =
        registry.find(ProcessorMetrics.RECORDS_IN).counters().stream()
            .mapToDouble(Counter::count)
            .sum();
    Map<String, Double> out = new TreeMap<>();
    for (Counter c : registry.find(ProcessorMetrics.RECORDS_OUT).counters()) {
      out.merge(c.getId().getTag("output"), c.count(), Double::sum);
    }
    Map<String, Double> dead = new TreeMap<>();
    for (Counter c : registry.find(ProcessorMetrics.RECORDS_DEAD_LETTERED).counters()) {
      if (c.count() > 0) {
        dead.merge(c.getId().getTag("reason"), c.count(), Double::sum);
      }
    }
    long batches = 0;
    double records = 0;
    for (DistributionSummary s : registry.find(ProcessorMetrics.BATCH_SIZE).summaries()) {
      batches += s.count();
      records += s.totalAmount();
    }
    double passMillis = 0;
    for (Timer t : registry.find(ProcessorMetrics.INFERENCE_LATENCY).timers()) {
      passMillis += t.totalTime(TimeUnit.MILLISECONDS);
    }
    return new Totals(in, out, dead, batches, records, passMillis);
  }
}
