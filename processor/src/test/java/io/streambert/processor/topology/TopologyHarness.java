package io.streambert.processor.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambert.model.TextModel;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.config.InputLimits;
import io.streambert.processor.it.TextEventProducer;
import io.streambert.processor.limits.SendLimits;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.processor.serving.ServedModels;
import io.streambert.processor.testing.FakeTextModel;
import io.streambert.processor.testing.InMemorySchemaRegistryClient;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A {@link TopologyTestDriver} around {@link StreambertTopology#build}, with a fake model or,
 * through {@link #serving}, a real one.
 */
final class TopologyHarness implements AutoCloseable {

  static final String APP_ID = "streambert-test";
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final InMemorySchemaRegistryClient registry;
  final Topics topics;

  /** The fake model it serves; null in a harness {@link #serving} a real model. */
  final FakeTextModel model;

  final ServedModels models;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final ProcessorMetrics metrics;
  final RecordingListener emissions = new RecordingListener();

  /** The pass limiter the topology runs its passes under: readiness reads its model outage. */
  final PassLimiter passes = PassLimiter.unlimited();

  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> input;
  final TestOutputTopic<byte[], SentimentResult> sentiment;
  final TestOutputTopic<byte[], EntityResult> entities;
  final TestOutputTopic<byte[], DeadLetter> deadLetters;

  /** The input limits of a harness that is given none: texts of at most 1000 UTF-8 bytes. */
  static final InputLimits LIMITS = new InputLimits(1000);

  TopologyHarness(BatchSettings settings, Path stateDir) {
    this(settings, LIMITS, stateDir);
  }

  TopologyHarness(BatchSettings settings, InputLimits limits, Path stateDir) {
    this(
        settings,
        limits,
        stateDir,
        new InMemorySchemaRegistryClient(),
        new FakeTextModel("fake-1"));
  }

  TopologyHarness(
      BatchSettings settings,
      Path stateDir,
      InMemorySchemaRegistryClient registry,
      FakeTextModel model) {
    this(settings, LIMITS, stateDir, registry, model);
  }

  private TopologyHarness(
      BatchSettings settings,
      InputLimits limits,
      Path stateDir,
      InMemorySchemaRegistryClient registry,
      FakeTextModel model) {
    this(settings, limits, stateDir, registry, model, model, StreamsConfig.EXACTLY_ONCE_V2, START);
  }

  TopologyHarness(
      BatchSettings settings,
      Path stateDir,
      InMemorySchemaRegistryClient registry,
      FakeTextModel model,
      String processingGuarantee) {
    this(settings, LIMITS, stateDir, registry, model, model, processingGuarantee, START);
  }

  /**
   * A harness serving a real model ({@link #model} is then null) under exactly-once, its driver's
   * clock starting now so that records stamped with the current time are neither past nor future.
   */
  static TopologyHarness serving(
      TextModel model, BatchSettings settings, InputLimits limits, Path stateDir) {
    return new TopologyHarness(
        settings,
        limits,
        stateDir,
        new InMemorySchemaRegistryClient(),
        model,
        null,
        StreamsConfig.EXACTLY_ONCE_V2,
        Instant.now());
  }

  private TopologyHarness(
      BatchSettings settings,
      InputLimits limits,
      Path stateDir,
      InMemorySchemaRegistryClient registry,
      TextModel served,
      FakeTextModel fake,
      String processingGuarantee,
      Instant start) {
    this.registry = registry;
    this.model = fake;
    this.models = ServedModels.serving(served, ReleaseCoordinate.BOOTSTRAP);
    this.metrics = new ProcessorMetrics(meters, settings.maxRecords(), settings.maxTokens());
    this.topics = Topics.create("text-in", "sentiment", "entities", "dead-letter", registry);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    driver =
        new TopologyTestDriver(
            StreambertTopology.build(
                topics,
                settings,
                limits,
                models,
                passes,
                metrics,
                TaskClock.STREAMS,
                new SendLimits(StreambertTopology.DEFAULT_MAX_REQUEST_SIZE),
                emissions,
                new RegistryOutage()),
            props,
            start);
    input =
        driver.createInputTopic(
            "text-in",
            Serdes.ByteArray().serializer(),
            Serdes.ByteArray().serializer(),
            start,
            Duration.ZERO);
    sentiment =
        driver.createOutputTopic(
            "sentiment",
            Serdes.ByteArray().deserializer(),
            topics.sentiment().valueSerde().deserializer());
    entities =
        driver.createOutputTopic(
            "entities",
            Serdes.ByteArray().deserializer(),
            topics.entities().valueSerde().deserializer());
    deadLetters =
        driver.createOutputTopic(
            "dead-letter",
            Serdes.ByteArray().deserializer(),
            topics.deadLetter().valueSerde().deserializer());
  }

  static BatchSettings settings(int maxRecords, int maxTokens, long maxWaitMs) {
    return new BatchSettings(
        maxRecords, maxTokens, Duration.ofMillis(maxWaitMs), BatchSettings.StoreKind.ROCKSDB);
  }

  /** The wire bytes of a TextEvent with this id and text, event time START + id-dependent ms. */
  byte[] event(String id, String text) {
    TextEvent e = TextEventProducer.event(id, text, START.minusSeconds(1));
    return topics.textEvents().serializer().serialize("text-in", e);
  }

  void send(String key, String id, String text) {
    input.pipeInput(key == null ? null : key.getBytes(), event(id, text));
  }

  void advance(long ms) {
    driver.advanceWallClockTime(Duration.ofMillis(ms));
  }

  @Override
  public void close() {
    driver.close();
  }
}
