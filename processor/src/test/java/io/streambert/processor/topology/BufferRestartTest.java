package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.config.BatchSettings;
import io.streambert.processor.testing.FakeTextModel;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
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
    KeyValueStore<Integer, BufferedRecord> store = MockTask.store();

    MockProcessorContext<byte[], Object> before = MockTask.context(store);
    FakeTextModel firstModel = new FakeTextModel("fake-1");
    BatchingProcessor first = MockTask.processor(SETTINGS, firstModel);
    first.init(before);
    MockTask.process(first, before, "a", "e1", "one", 0);
    MockTask.process(first, before, "b", "e2", "two", 1);
    MockTask.process(first, before, "a", "e3", "three", 2);
    assertThat(before.forwarded()).isEmpty();
    first.close(); // or a crash: the store holds what was committed

    MockProcessorContext<byte[], Object> after = MockTask.context(store);
    FakeTextModel restarted = new FakeTextModel("fake-1");
    BatchingProcessor second = MockTask.processor(SETTINGS, restarted);
    second.init(after);
    MockTask.process(second, after, "b", "e4", "four", 3);
    assertThat(after.forwarded()).isEmpty();

    after.setCurrentSystemTimeMs(after.currentSystemTimeMs() + 1_100);
    MockTask.punctuate(after);

    assertThat(MockTask.sentimentIds(after)).containsExactly("e1", "e2", "e3", "e4");
    assertThat(restarted.predictedBatches()).hasSize(1);
    // Encodings live in memory only: the three restored records were encoded again.
    assertThat(restarted.encodeCalls()).isEqualTo(4);
    assertThat(store.approximateNumEntries()).isZero();
  }
}
