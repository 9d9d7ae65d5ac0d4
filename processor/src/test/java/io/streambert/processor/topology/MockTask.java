package io.streambert.processor.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.it.TextEventProducer;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.serving.PassLimiter;
import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.processor.serving.ServedModels;
import io.streambert.processor.testing.FakeTextModel;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A {@link BatchingProcessor} driven directly through a {@link MockProcessorContext}, with a buffer
 * store that outlives processor instances the way a reopened or restored store does.
 */
final class MockTask {

  private MockTask() {}

  /** An in-memory buffer store without a changelog. */
  static KeyValueStore<Integer, BufferedRecord> store() {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(StreambertTopology.NODES.bufferStore()),
            Serdes.Integer(),
            new BufferedRecordSerde())
        .withLoggingDisabled()
        .build();
  }

  /** A fresh context at {@link TopologyHarness#START} holding {@code store}. */
  static MockProcessorContext<byte[], Object> context(
      KeyValueStore<Integer, BufferedRecord> store) {
    MockProcessorContext<byte[], Object> context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(TopologyHarness.START.toEpochMilli());
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return context;
  }

  /** A processor with these settings serving {@code model}. */
  static BatchingProcessor processor(BatchSettings settings, FakeTextModel model) {
    return processor(settings, served(model), PassLimiter.unlimited());
  }

  /** Serves {@code model} as the bootstrap model. */
  static ServedModels served(FakeTextModel model) {
    return ServedModels.serving(model, ReleaseCoordinate.BOOTSTRAP);
  }

  /**
   * A processor with these settings serving the models of {@code models}, its passes waiting for
   * {@code passes}, as one of the tasks of an instance.
   */
  static BatchingProcessor processor(
      BatchSettings settings, ServedModels models, PassLimiter passes) {
    return processor(settings, models, passes, TaskClock.STREAMS);
  }

  /**
   * A processor with these settings serving the models of {@code models}, reading {@code clock}.
   */
  static BatchingProcessor processor(
      BatchSettings settings, ServedModels models, PassLimiter passes, TaskClock clock) {
    return new BatchingProcessor(
        settings,
        models,
        passes,
        new ProcessorMetrics(
            new SimpleMeterRegistry(), settings.maxRecords(), settings.maxTokens()),
        StreambertTopology.NODES.bufferStore(),
        StreambertTopology.NODES,
        clock,
        new ResultGuard(
            Topics.create(
                "text-in",
                "sentiment",
                "entities",
                "dead-letter",
                new io.streambert.processor.testing.InMemorySchemaRegistryClient()),
            new io.streambert.processor.limits.SendLimits(
                StreambertTopology.DEFAULT_MAX_REQUEST_SIZE),
            new RegistryOutage()),
        EmissionListener.NONE);
  }

  /**
   * Hands the processor one decoded event read from {@code text-in} partition 0 at {@code offset}.
   */
  static void process(
      BatchingProcessor processor,
      MockProcessorContext<byte[], Object> context,
      String key,
      String id,
      String text,
      long offset) {
    context.setRecordMetadata("text-in", 0, offset);
    TextEvent event = TextEventProducer.event(id, text, Instant.ofEpochMilli(1_000));
    processor.process(
        new Record<>(key.getBytes(), new PendingEvent(event, new byte[] {0, 0, 0, 0, 1}), 5L));
  }

  /** Runs the processor's wall-clock punctuation at the context's current time. */
  static void punctuate(MockProcessorContext<byte[], Object> context) {
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());
  }

  /** The event ids of the sentiment results forwarded so far, in order. */
  static List<String> sentimentIds(MockProcessorContext<byte[], Object> context) {
    return context.forwarded().stream()
        .filter(f -> f.childName().orElse("").equals(StreambertTopology.NODES.sentimentSink()))
        .map(f -> ((SentimentResult) f.record().value()).getEventId())
        .toList();
  }
}
