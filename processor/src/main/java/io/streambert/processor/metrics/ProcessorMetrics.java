package io.streambert.processor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streambert.model.PlannedPasses;
import io.streambert.processor.deadletter.DeadLetterReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processor's own meters, registered once and shared by every stream thread.
 *
 * <p>Counters are totals; Prometheus derives per-second rates with {@code rate(...)}.
 */
public final class ProcessorMetrics {

  public static final String RECORDS_IN = "streambert.records.in";
  public static final String RECORDS_OUT = "streambert.records.out";
  public static final String RECORDS_DEAD_LETTERED = "streambert.records.dead.lettered";
  public static final String BATCH_SIZE = "streambert.batch.size";
  public static final String BATCH_TOKENS = "streambert.batch.tokens";
  public static final String INFERENCE_LATENCY = "streambert.inference.latency";
  public static final String INFERENCE_PASSES = "streambert.inference.passes";
  public static final String INFERENCE_WINDOWS = "streambert.inference.windows";
  public static final String INFERENCE_TOKENS = "streambert.inference.tokens";
  public static final String INFERENCE_PASS_TOKENS = "streambert.inference.pass.tokens";
  public static final String END_TO_END_LATENCY = "streambert.end.to.end.latency";
  public static final String MODEL_INFO = "streambert.model.info";

  private final MeterRegistry registry;
  private final Counter recordsIn;
  private final Counter sentimentOut;
  private final Counter entitiesOut;
  private final Map<DeadLetterReason, Counter> deadLettered = new EnumMap<>(DeadLetterReason.class);
  private final DistributionSummary batchSize;
  private final DistributionSummary batchTokens;
  private final Timer inferenceLatency;
  private final Counter inferencePasses;
  private final Counter inferenceWindows;
  private final Counter realTokens;
  private final Counter computedTokens;
  private final DistributionSummary largestPassTokens;
  private final Timer endToEndLatency;
  private Gauge modelInfo;

  /**
   * Registers the meters in {@code registry}; the batch histograms' buckets reach the configured
   * batch limits, so a full batch lands in a bucket of its own rather than in {@code +Inf}.
   *
   * @param maxBatchRecords {@code batch.max.records}
   * @param maxBatchTokens {@code batch.max.tokens}
   */
  public ProcessorMetrics(MeterRegistry registry, int maxBatchRecords, int maxBatchTokens) {
    if (maxBatchRecords < 1 || maxBatchTokens < 1) {
      throw new IllegalArgumentException(
          "batch limits must be at least 1, found "
              + maxBatchRecords
              + " records and "
              + maxBatchTokens
              + " tokens");
    }
    this.registry = registry;
    recordsIn =
        Counter.builder(RECORDS_IN)
            .description("Input records read, bad ones included")
            .register(registry);
    sentimentOut = outCounter("sentiment");
    entitiesOut = outCounter("entities");
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLettered.put(
          reason,
          Counter.builder(RECORDS_DEAD_LETTERED)
              .description("Input records sent to the dead-letter topic")
              .tag("reason", reason.name())
              .register(registry));
    }
    batchSize =
        DistributionSummary.builder(BATCH_SIZE)
            .description("Records per inference batch")
            .baseUnit("records")
            .serviceLevelObjectives(buckets(1, maxBatchRecords))
            .register(registry);
    batchTokens =
        DistributionSummary.builder(BATCH_TOKENS)
            .description("Tokens (all windows, special tokens included) per inference batch")
            .baseUnit("tokens")
            .serviceLevelObjectives(buckets(Math.min(64, maxBatchTokens), maxBatchTokens))
            .register(registry);
    inferenceLatency =
        Timer.builder(INFERENCE_LATENCY)
            .description("Time of one model forward pass over a batch, decoding included")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    inferencePasses =
        Counter.builder(INFERENCE_PASSES)
            .description("ONNX Runtime forward passes (one batch may take several)")
            .register(registry);
    inferenceWindows =
        Counter.builder(INFERENCE_WINDOWS)
            .description("Token windows (rows) over all forward passes")
            .register(registry);
    realTokens = tokenCounter("real", "Tokens of the forward passes that are not padding");
    computedTokens =
        tokenCounter("computed", "Cells the forward passes computed, padding included");
    largestPassTokens =
        DistributionSummary.builder(INFERENCE_PASS_TOKENS)
            .description(
                "Cells (windows x longest window) of the largest forward pass of each batch,"
                    + " padding included; at most batch.max.tokens")
            .baseUnit("tokens")
            .serviceLevelObjectives(buckets(Math.min(64, maxBatchTokens), maxBatchTokens))
            .register(registry);
    endToEndLatency =
        Timer.builder(END_TO_END_LATENCY)
            .description("From the input event time to the emission of its results")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
  }

  /**
   * Histogram bucket bounds: powers of two from {@code first} up to {@code max}, then {@code max}
   * itself (so a batch at the limit is told from a batch just under it).
   */
  static double[] buckets(int first, int max) {
    List<Double> bounds = new ArrayList<>();
    for (long b = first; b < max; b *= 2) {
      bounds.add((double) b);
    }
    bounds.add((double) max);
    return bounds.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private Counter tokenCounter(String kind, String description) {
    return Counter.builder(INFERENCE_TOKENS)
        .description(description)
        .tag("kind", kind)
        .baseUnit("tokens")
        .register(registry);
  }

  private Counter outCounter(String output) {
    return Counter.builder(RECORDS_OUT)
        .description("Result records emitted")
        .tag("output", output)
        .register(registry);
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  public void recordIn() {
    recordsIn.increment();
  }

  public void sentimentOut() {
    sentimentOut.increment();
  }

  public void entitiesOut() {
    entitiesOut.increment();
  }

  public void deadLettered(DeadLetterReason reason) {
    deadLettered.get(reason).increment();
  }

  /** Total dead letters for {@code reason} since start. */
  public double deadLetteredCount(DeadLetterReason reason) {
    return deadLettered.get(reason).count();
  }

  /** Records one model call over a batch. */
  public void batch(int records, long tokens, long inferenceNanos) {
    batchSize.record(records);
    batchTokens.record(tokens);
    inferenceLatency.record(inferenceNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Records the forward passes one batch took; real over computed tokens is the padding efficiency
   * of the passes actually run.
   */
  public void passes(PlannedPasses planned) {
    inferencePasses.increment(planned.passes());
    inferenceWindows.increment(planned.windows());
    realTokens.increment(planned.realTokens());
    computedTokens.increment(planned.paddedTokens());
    if (planned.passes() > 0) {
      largestPassTokens.record(planned.largestPassTokens());
    }
  }

  /** Real over computed tokens of every forward pass since start; 1.0 before the first. */
  public double paddingEfficiency() {
    double computed = computedTokens.count();
    return computed == 0 ? 1.0 : realTokens.count() / computed;
  }

  /** Records the delay from an event's time to the emission of its results. */
  public void endToEnd(long millis) {
    endToEndLatency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /**
   * Marks {@code version} as the model being served: an info-style gauge, value 1, whose {@code
   * version} tag names the model; the gauge of the version it replaces is removed.
   */
  public synchronized void modelVersion(String version) {
    if (modelInfo != null) {
      if (modelInfo.getId().getTag("version").equals(version)) {
        return;
      }
      registry.remove(modelInfo);
    }
    modelInfo =
        Gauge.builder(MODEL_INFO, () -> 1)
            .description("The model version being served")
            .tag("version", version)
            .register(registry);
  }
}
