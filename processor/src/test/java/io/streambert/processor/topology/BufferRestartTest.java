package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.metrics.ProcessorMetrics;
import io.streambert.processor.serving.ModelHolder;
import io.streambert.processor.testing.FakeTextModel;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch buffer outlives the processor: what is buffered is in the changelog, and records found
 * in the store when a task starts (after a restart or a restore) are flushed, in order, none lost.
 */
class BufferRestartTest {

  @TempDir Path stateDir;

  private static final BatchSettings SETTINGS = TopologyHarness.settings(10, 4096, 1_000);

  @Test
  void shouldWriteEveryBufferAppendAndFlushToTheChangelog() {
    try (TopologyHarness h = new TopologyHarness(SETTINGS, stateDir)) {
      TestOutputTopic<Integer, byte[]> changelog =
          h.driver.createOutputTopic(
              TopologyHarness.APP_ID + "-batch-buffer-changelog",
              Serdes.Integer().deserializer(),
              Serdes.ByteArray().deserializer());
      h.send("a", "e1", "one");
      h.send("b", "e2", "two");
      h.send("a", "e3", "three");
      assertThat(h.sentiment.isEmpty()).isTrue();

      List<KeyValue<Integer, byte[]>> appends = changelog.readKeyValuesToList();
      assertThat(appends).extracting(kv -> kv.key).containsExactly(0, 1, 2);
      assertThat(appends)
          .extracting(kv -> new BufferedRecordSerde().deserialize("", kv.value).eventId())
          .containsExactly("e1", "e2", "e3");

      h.advance(1_100);

      assertThat(h.sentiment.readValuesToList()).hasSize(3);
      List<KeyValue<Integer, byte[]>> deletes = changelog.readKeyValuesToList();
      assertThat(deletes).extracting(kv -> kv.key).containsExactly(0, 1, 2);
      assertThat(deletes).allSatisfy(kv -> assertThat(kv.value).isNull());
    }
  }

  @Test
  void shouldFlushRecordsFoundInTheStoreWhenTheTaskStartsAgain() {
    // The store outlives the processor instance, as a restored or reopened store does.
    KeyValueStore<Integer, BufferedRecord> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StreambertTopology.NODES.bufferStore()),
                Serdes.Integer(),
                new BufferedRecordSerde())
            .withLoggingDisabled()
            .build();

    MockProcessorContext<byte[], Object> before = context(store);
    FakeTextModel firstModel = new FakeTextModel("fake-1");
    BatchingProcessor first = processor(firstModel);
    first.init(before);
    process(first, before, "a", "e1", "one", 0);
    process(first, before, "b", "e2", "two", 1);
    process(first, before, "a", "e3", "three", 2);
    assertThat(before.forwarded()).isEmpty();
    first.close(); // or a crash: the store holds what was committed

    MockProcessorContext<byte[], Object> after = context(store);
    FakeTextModel restarted = new FakeTextModel("fake-1");
    BatchingProcessor second = processor(restarted);
    second.init(after);
    process(second, after, "b", "e4", "four", 3);
    assertThat(after.forwarded()).isEmpty();

    after.setCurrentSystemTimeMs(after.currentSystemTimeMs() + 1_100);
    after.scheduledPunctuators().get(0).getPunctuator().punctuate(after.currentSystemTimeMs());

    List<String> sentimentIds =
        after.forwarded().stream()
            .filter(f -> f.childName().orElse("").equals(StreambertTopology.NODES.sentimentSink()))
            .map(f -> ((SentimentResult) f.record().value()).getEventId())
            .toList();
    assertThat(sentimentIds).containsExactly("e1", "e2", "e3", "e4");
    assertThat(restarted.predictedBatches()).hasSize(1);
    // Encodings live in memory only: the three restored records were encoded again.
    assertThat(restarted.encodeCalls()).isEqualTo(4);
    assertThat(store.approximateNumEntries()).isZero();
  }

  private static MockProcessorContext<byte[], Object> context(
      KeyValueStore<Integer, BufferedRecord> store) {
    MockProcessorContext<byte[], Object> context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(TopologyHarness.START.toEpochMilli());
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return context;
  }

  private static BatchingProcessor processor(FakeTextModel model) {
    return new BatchingProcessor(
        SETTINGS,
        new ModelHolder(model),
        new ProcessorMetrics(
            new SimpleMeterRegistry(), SETTINGS.maxRecords(), SETTINGS.maxTokens()),
        StreambertTopology.NODES.bufferStore(),
        StreambertTopology.NODES);
  }

  private static void process(
      BatchingProcessor processor,
      MockProcessorContext<byte[], Object> context,
      String key,
      String id,
      String text,
      long offset) {
    context.setRecordMetadata("text-in", 0, offset);
    TextEvent event =
        TextEvent.newBuilder()
            .setId(id)
            .setText(text)
            .setEventTime(Instant.ofEpochMilli(1_000))
            .setAttributes(Map.of())
            .build();
    processor.process(
        new Record<>(key.getBytes(), new PendingEvent(event, new byte[] {0, 0, 0, 0, 1}), 5L));
  }
}
