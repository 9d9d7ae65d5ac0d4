package io.streambert.processor.topology;

import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.config.InputLimits;
import io.streambert.processor.limits.SendLimits;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.processor.serving.ServedModels;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the processor's topology; the application and the tests call the same {@link #build}.
 *
 * <pre>
 * source (bytes) -> decode ----------------------------------------> dead-letter sink
 *                      \-> batch [store batch-buffer] -> sentiment sink
 *                                                    \-> entities sink
 *                                                    \-> dead-letter sink
 * </pre>
 */
public final class StreambertTopology {

  /** Names of every node and store. */
  public static final Nodes NODES =
      new Nodes(
          "text-events-source",
          "decode-text-events",
          "batch-and-infer",
          "batch-buffer",
          "sentiment-sink",
          "entities-sink",
          "dead-letter-sink");

  /**
   * The names of the topology's nodes and store.
   *
   * @param source the input topic source
   * @param decode the processor decoding and validating input values
   * @param batch the processor batching, encoding and predicting
   * @param bufferStore the changelogged batch buffer store
   * @param sentimentSink the sentiment results sink
   * @param entitiesSink the entity results sink
   * @param deadLetterSink the dead-letter sink
   */
  public record Nodes(
      String source,
      String decode,
      String batch,
      String bufferStore,
      String sentimentSink,
      String entitiesSink,
      String deadLetterSink) {}

  /**
   * Changelog topic settings of the buffer store: small segments so that compaction (which keeps
   * one record per ring slot) bounds what a restore reads, and any timestamp accepted: a buffered
   * record carries its input record's timestamp, and one the changelog refused (Kafka 4 refuses
   * more than an hour ahead by default) would fail the task on every retry instead of reaching the
   * result guard, which dead-letters it.
   */
  static final Map<String, String> CHANGELOG_CONFIG =
      Map.of(
          "segment.bytes",
          String.valueOf(16 * 1024 * 1024),
          "segment.ms",
          "600000",
          "message.timestamp.after.max.ms",
          String.valueOf(Long.MAX_VALUE),
          "message.timestamp.before.max.ms",
          String.valueOf(Long.MAX_VALUE));

  private StreambertTopology() {}

  /**
   * The topology reading {@code topics.input()} and writing results and dead letters, with the
   * default input limits and passes that never wait for each other (tests).
   *
   * @param topics the topics and their serdes
   * @param settings batching limits
   * @param models the served models; each batch acquires its model there
   * @param metrics where the processors count
   */
  public static Topology build(
      Topics topics, BatchSettings settings, ServedModels models, ProcessorMetrics metrics) {
    return build(
        topics,
        settings,
        InputLimits.DEFAULTS,
        models,
        PassLimiter.unlimited(),
        metrics,
        TaskClock.SYSTEM);
  }

  /** Kafka's default {@code max.request.size}, assumed when no limits are given. */
  static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

  /**
   * The topology the application runs: every pass waits for a permit of {@code passes}, results and
   * dead letters are checked against {@code limits}, {@code listener} hears of each of them, and
   * decoding and the first use of each output schema wait out registry outages with {@code outage}.
   */
  public static Topology build(
      Topics topics,
      BatchSettings settings,
      InputLimits input,
      ServedModels models,
      PassLimiter passes,
      ProcessorMetrics metrics,
      SendLimits limits,
      EmissionListener listener,
      RegistryOutage outage) {
    return build(
        topics,
        settings,
        input,
        models,
        passes,
        metrics,
        TaskClock.SYSTEM,
        limits,
        listener,
        outage);
  }

  /**
   * The topology of {@link #build(Topics, BatchSettings, ServedModels, ProcessorMetrics)} with
   * {@code input} limits, whose passes wait for {@code passes} and whose batching reads {@code
   * clock} ({@link TaskClock#STREAMS} for tests that drive the wall clock).
   */
  public static Topology build(
      Topics topics,
      BatchSettings settings,
      InputLimits input,
      ServedModels models,
      PassLimiter passes,
      ProcessorMetrics metrics,
      TaskClock clock) {
    return build(
        topics,
        settings,
        input,
        models,
        passes,
        metrics,
        clock,
        new SendLimits(DEFAULT_MAX_REQUEST_SIZE),
        EmissionListener.NONE,
        new RegistryOutage());
  }

  /** The topology with every part given (tests). */
  static Topology build(
      Topics topics,
      BatchSettings settings,
      InputLimits input,
      ServedModels models,
      PassLimiter passes,
      ProcessorMetrics metrics,
      TaskClock clock,
      SendLimits limits,
      EmissionListener listener,
      RegistryOutage outage) {
    ResultGuard guard = new ResultGuard(topics, limits, outage);
    Nodes n = NODES;
    Topology topology = new Topology();
    topology.addSource(
        n.source(),
        topics.input().keySerde().deserializer(),
        topics.input().valueSerde().deserializer(),
        topics.input().name());
    topology.addProcessor(
        n.decode(),
        () ->
            new DecodeProcessor(
                topics.textEvents().deserializer(),
                input,
                metrics,
                n.batch(),
                n.deadLetterSink(),
                guard,
                listener,
                outage),
        n.source());
    topology.addProcessor(
        n.batch(),
        () ->
            new BatchingProcessor(
                settings, models, passes, metrics, n.bufferStore(), n, clock, guard, listener),
        n.decode());
    topology.addStateStore(bufferStore(n.bufferStore(), settings.storeKind()), n.batch());
    topology.addSink(
        n.sentimentSink(),
        topics.sentiment().name(),
        topics.sentiment().keySerde().serializer(),
        topics.sentiment().valueSerde().serializer(),
        n.batch());
    topology.addSink(
        n.entitiesSink(),
        topics.entities().name(),
        topics.entities().keySerde().serializer(),
        topics.entities().valueSerde().serializer(),
        n.batch());
    topology.addSink(
        n.deadLetterSink(),
        topics.deadLetter().name(),
        topics.deadLetter().keySerde().serializer(),
        topics.deadLetter().valueSerde().serializer(),
        n.decode(),
        n.batch());
    return topology;
  }

  private static StoreBuilder<KeyValueStore<Integer, BufferedRecord>> bufferStore(
      String name, BatchSettings.StoreKind kind) {
    KeyValueBytesStoreSupplier supplier =
        kind == BatchSettings.StoreKind.IN_MEMORY
            ? Stores.inMemoryKeyValueStore(name)
            : Stores.persistentKeyValueStore(name);
    // No caching: every buffer change goes to the changelog in the order it happened.
    return Stores.keyValueStoreBuilder(supplier, Serdes.Integer(), new BufferedRecordSerde())
        .withLoggingEnabled(CHANGELOG_CONFIG)
        .withCachingDisabled();
  }
}
