package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.processor.testing.FakeTextModel;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchingTopologyTest {

  @TempDir Path stateDir;

  @Test
  void shouldFlushOneBatchWhenMaxRecordsReached() {
    try (TopologyHarness h =
        new TopologyHarness(TopologyHarness.settings(4, 4096, 60_000), stateDir)) {
      for (int i = 0; i < 3; i++) {
        h.send("k" + i, "e" + i, "text number " + i);
      }
      assertThat(h.sentiment.isEmpty()).isTrue();
      assertThat(h.model.predictedBatches()).isEmpty();

      h.send("k3", "e3", "text number 3");

      assertThat(h.model.predictedBatches()).hasSize(1);
      assertThat(h.model.predictedBatches().get(0)).hasSize(4);
      assertThat(h.sentiment.readValuesToList())
          .extracting(SentimentResult::getEventId)
          .containsExactly("e0", "e1", "e2", "e3");
      assertThat(h.entities.readValuesToList())
          .extracting(EntityResult::getEventId)
          .containsExactly("e0", "e1", "e2", "e3");
    }
  }

  @Test
  void shouldFlushBatchWhenMaxWaitElapses() {
    try (TopologyHarness h =
        new TopologyHarness(TopologyHarness.settings(32, 4096, 100), stateDir)) {
      h.send("a", "e1", "first text");
      h.send("b", "e2", "second text");

      h.advance(60);
      assertThat(h.sentiment.isEmpty()).as("flushed before max wait").isTrue();

      h.advance(60);
      assertThat(h.sentiment.readValuesToList())
          .extracting(SentimentResult::getEventId)
          .containsExactly("e1", "e2");
      assertThat(h.model.predictedBatches()).containsExactly(List.of("first text", "second text"));
    }
  }

  @Test
  void shouldFlushBeforeTokenCapWouldBeExceededAndRunAnOversizedRecordAlone() {
    // Fake tokenizer: words + 2 special tokens. Cap 10 tokens.
    try (TopologyHarness h =
        new TopologyHarness(TopologyHarness.settings(32, 10, 60_000), stateDir)) {
      h.send("k", "a", "one two three"); // 5 tokens
      h.send("k", "b", "four five six"); // 5 -> total 10 reaches the cap: flush [a, b]
      h.send("k", "c", "x y z"); // 5
      h.send("k", "d", "w1 w2 w3 w4 w5 w6"); // 8: 5 + 8 > 10, flush [c] first, buffer [d]
      h.send("k", "e", "a b c d e f g h i j k l m n o p q r s t"); // 22: flush [d], then [e] alone

      assertThat(h.model.predictedBatches()).extracting(List::size).containsExactly(2, 1, 1, 1);
      assertThat(h.model.predictedBatches().get(3))
          .containsExactly("a b c d e f g h i j k l m n o p q r s t");
      assertThat(h.sentiment.readValuesToList())
          .extracting(SentimentResult::getEventId)
          .containsExactly("a", "b", "c", "d", "e");
      assertThat(h.meters.get("streambert.batch.tokens").summary().max()).isEqualTo(22);
    }
  }

  @Test
  void shouldEmitResultsOfEachKeyInInputOrder() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(3, 4096, 50), stateDir)) {
      Map<String, List<String>> sentPerKey = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) {
        String key = "key-" + (i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c");
        String id = "event-" + i;
        sentPerKey.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
        h.send(key, id, "text " + i);
        if (i % 7 == 0) {
          h.advance(60);
        }
      }
      h.advance(60);

      Map<String, List<String>> sentimentPerKey = new LinkedHashMap<>();
      for (TestRecord<byte[], SentimentResult> r : h.sentiment.readRecordsToList()) {
        sentimentPerKey
            .computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(r.value().getEventId());
      }
      Map<String, List<String>> entitiesPerKey = new LinkedHashMap<>();
      for (TestRecord<byte[], EntityResult> r : h.entities.readRecordsToList()) {
        entitiesPerKey
            .computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(r.value().getEventId());
      }
      assertThat(sentimentPerKey).isEqualTo(sentPerKey);
      assertThat(entitiesPerKey).isEqualTo(sentPerKey);
    }
  }

  @Test
  void shouldStampResultsWithModelVersionHeaderFieldKeyAndEventTime() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(1, 4096, 50), stateDir)) {
      h.send("user-7", "e1", "a good day for Alice");

      TestRecord<byte[], SentimentResult> s = h.sentiment.readRecord();
      TestRecord<byte[], EntityResult> e = h.entities.readRecord();

      assertThat(new String(s.key(), StandardCharsets.UTF_8)).isEqualTo("user-7");
      assertThat(new String(e.key(), StandardCharsets.UTF_8)).isEqualTo("user-7");
      assertThat(versionHeader(s.headers().lastHeader(StreambertHeaders.MODEL_VERSION)))
          .isEqualTo("fake-1");
      assertThat(versionHeader(e.headers().lastHeader(StreambertHeaders.MODEL_VERSION)))
          .isEqualTo("fake-1");
      assertThat(s.value().getModelVersion()).isEqualTo("fake-1");
      assertThat(e.value().getModelVersion()).isEqualTo("fake-1");
      assertThat(s.getRecordTime()).isEqualTo(TopologyHarness.START.minusSeconds(1));
      assertThat(s.value().getEventTime()).isEqualTo(TopologyHarness.START.minusSeconds(1));
      assertThat(s.value().getLabel()).isEqualTo("positive");
      assertThat(s.value().getScore()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(s.value().getProbabilities()).containsOnlyKeys("negative", "positive");
      assertThat(e.value().getEntities()).hasSize(1);
      assertThat(e.value().getEntities().get(0).getText()).isEqualTo("Alice");
      assertThat(e.value().getEntities().get(0).getStart()).isEqualTo(15);
      assertThat(e.value().getEntities().get(0).getEnd()).isEqualTo(20);
    }
  }

  @Test
  void shouldTokenizeEachRecordOnlyOnce() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(5, 4096, 50), stateDir)) {
      for (int i = 0; i < 10; i++) {
        h.send("k", "e" + i, "some text " + i);
      }
      assertThat(h.sentiment.readValuesToList()).hasSize(10);
      assertThat(h.model.encodeCalls()).isEqualTo(10);
    }
  }

  @Test
  void shouldCountRecordsBatchesAndLatency() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(2, 4096, 50), stateDir)) {
      h.send("k", "e1", "one");
      h.send("k", "e2", "two");
      h.send("k", "e3", "three");
      h.advance(100);

      assertThat(h.meters.get("streambert.records.in").counter().count()).isEqualTo(3);
      assertThat(
              h.meters.get("streambert.records.out").tag("output", "sentiment").counter().count())
          .isEqualTo(3);
      assertThat(h.meters.get("streambert.batch.size").summary().count()).isEqualTo(2);
      assertThat(h.meters.get("streambert.batch.size").summary().totalAmount()).isEqualTo(3);
      assertThat(h.meters.get("streambert.inference.latency").timer().count()).isEqualTo(2);
      assertThat(h.meters.get("streambert.end.to.end.latency").timer().count()).isEqualTo(3);
    }
  }

  @Test
  void shouldCountTheTokensOfTheModelsPassesPaddingIncluded() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(2, 4096, 50), stateDir)) {
      // The fake plans one pass per batch padded to its longest window: [CLS] words [SEP].
      h.send("k", "e1", "one");
      h.send("k", "e2", "two more words");
      h.send("k", "e3", "three");
      h.advance(100);

      assertThat(h.sentiment.readValuesToList()).hasSize(3);
      assertThat(h.meters.get("streambert.inference.passes").counter().count()).isEqualTo(2);
      assertThat(h.meters.get("streambert.inference.windows").counter().count()).isEqualTo(3);
      assertThat(h.meters.get("streambert.inference.tokens").tag("kind", "real").counter().count())
          .isEqualTo(3 + 5 + 3);
      assertThat(
              h.meters.get("streambert.inference.tokens").tag("kind", "computed").counter().count())
          .isEqualTo(2 * 5 + 3);
      assertThat(h.metrics.paddingEfficiency()).isEqualTo(11.0 / 13);
    }
  }

  @Test
  void shouldRunABatchWholeOnTheModelOfItsFirstRecordAndTheNextBatchOnTheSwappedOne() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(2, 4096, 50), stateDir)) {
      h.send("k", "e1", "one");
      FakeTextModel next = new FakeTextModel("fake-2");

      h.models.swap(next, ReleaseCoordinate.of("model-releases", 0, 7));
      h.send("k", "e2", "two");
      h.send("k", "e3", "three");
      h.send("k", "e4", "four");

      // The batch of e1 leased fake-1 when e1 arrived: it runs whole on fake-1, the next on fake-2.
      List<SentimentResult> results = h.sentiment.readValuesToList();
      assertThat(results)
          .extracting(SentimentResult::getModelVersion)
          .containsExactly("fake-1", "fake-1", "fake-2", "fake-2");
      assertThat(h.model.predictedBatches()).containsExactly(List.of("one", "two"));
      assertThat(next.predictedBatches()).containsExactly(List.of("three", "four"));
      // Each record is encoded once, by the model of its batch.
      assertThat(next.encodeCalls()).isEqualTo(2);
      assertThat(h.models.residentModels()).isEqualTo(1);
    }
  }

  @Test
  void shouldEncodeARecordAgainWhenATokenCapFlushHandsItToABatchOfASwappedModel() {
    // 8 tokens a batch; "a b c" is 5 tokens with [CLS] and [SEP]
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(10, 8, 50), stateDir)) {
      h.send("k", "e1", "a b c");
      FakeTextModel next = new FakeTextModel("fake-2");
      h.models.swap(next, ReleaseCoordinate.of("model-releases", 0, 8));

      // e2 would exceed the cap: e1's batch leaves on fake-1, e2 starts a batch on fake-2.
      h.send("k", "e2", "d e f");
      h.advance(100);

      assertThat(h.sentiment.readValuesToList())
          .extracting(SentimentResult::getModelVersion)
          .containsExactly("fake-1", "fake-2");
      assertThat(h.model.encodeCalls()).isEqualTo(2);
      assertThat(next.encodeCalls()).isEqualTo(1);
      assertThat(h.model.isClosed()).isTrue();
    }
  }

  @Test
  void shouldDescribeEveryNamedNodeAndConnectTheBufferStore() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(2, 4096, 50), stateDir)) {
      String description =
          StreambertTopology.build(
                  h.topics, TopologyHarness.settings(2, 4096, 50), h.models, h.metrics)
              .describe()
              .toString();
      StreambertTopology.Nodes n = StreambertTopology.NODES;
      assertThat(description)
          .contains("Source: " + n.source() + " (topics: [text-in])")
          .contains("Processor: " + n.decode() + " (stores: [])")
          .contains("Processor: " + n.batch() + " (stores: [" + n.bufferStore() + "])")
          .contains("Sink: " + n.sentimentSink() + " (topic: sentiment)")
          .contains("Sink: " + n.entitiesSink() + " (topic: entities)")
          .contains("Sink: " + n.deadLetterSink() + " (topic: dead-letter)");
      assertThat(h.driver.producedTopicNames()).isEmpty();
    }
  }

  private static String versionHeader(Header header) {
    assertThat(header).as("model version header").isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
