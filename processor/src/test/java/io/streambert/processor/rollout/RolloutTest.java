package io.streambert.processor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambert.model.TextModel;
import io.streambert.model.inference.NativeHeap;
import io.streambert.processor.testing.FakeTextModel;
import io.streambert.processor.testing.InMemorySchemaRegistryClient;
import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.serde.AvroSerde;
import io.streambert.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rollout's threads and side effects, with a fake loader, swap and topic. */
class RolloutTest {

  private static final String TOPIC = "model-releases";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final AvroSerde<ModelRelease> releases =
      AvroSerdes.specific(ModelRelease.class, new InMemorySchemaRegistryClient(), false);
  private final MockConsumer<byte[], byte[]> consumer =
      new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
  private final MockProducer<String, ModelStatus> producer =
      new MockProducer<>(true, null, new StringSerializer(), (topic, s) -> new byte[0]);
  private final List<String> swaps = new CopyOnWriteArrayList<>();
  private final List<TextModel> swapped = new CopyOnWriteArrayList<>();
  private final Map<String, FakeTextModel> loaded = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final AtomicInteger settled = new AtomicInteger();
  private final List<Long> trimsAfterRetiredReport = new CopyOnWriteArrayList<>();
  // Per version: how many more loads find its store unavailable.
  private final Map<String, AtomicInteger> unavailable = new ConcurrentHashMap<>();
  private Rollout rollout;

  private ModelRelease release(String version) {
    return ModelRelease.newBuilder()
        .setModelVersion(version)
        .setBundleUri("file:///srv/bundles/" + version + ".zip")
        .setSha256("ab".repeat(32))
        .setTasks(List.of("sentiment"))
        .setLabelSets(Map.of("sentiment", List.of("negative", "positive")))
        .setCreatedAt(Instant.ofEpochMilli(1_000))
        .build();
  }

  private ConsumerRecord<byte[], byte[]> record(long offset, String version) {
    return new ConsumerRecord<>(
        TOPIC,
        0,
        offset,
        "all".getBytes(StandardCharsets.UTF_8),
        releases.serializer().serialize(TOPIC, release(version)));
  }

  /** Loads "bad*" versions as rejected, others as fake models; waits on a version's gate. */
  private LoadOutcome load(Release release) {
    CountDownLatch gate = gates.get(release.version());
    if (gate != null) {
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (release.version().startsWith("bad")) {
      return new LoadOutcome.Rejected("SHA256_MISMATCH: expected ab.., found cd..", 5, -1);
    }
    AtomicInteger down = unavailable.get(release.version());
    if (down != null && down.getAndDecrement() > 0) {
      return new LoadOutcome.Rejected(
          "FETCH_FAILED: expected the store to deliver it, found it unavailable", 4, -1, true);
    }
    FakeTextModel model = new FakeTextModel(release.version());
    loaded.put(release.version(), model);
    return new LoadOutcome.Loaded(model, 7, 3);
  }

  private void start(long endOffset, List<ConsumerRecord<byte[], byte[]>> atStart) {
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, endOffset));
    consumer.schedulePollTask(() -> atStart.forEach(consumer::addRecord));
    rollout =
        new Rollout(
            new ReleaseStateMachine("processor-a", null, false),
            null,
            this::load,
            (TextModel model, Release r) -> {
              swapped.add(model);
              swaps.add(model.version() + "@" + r);
            },
            new StatusReporter(producer, "model-status", "processor-a", Clock.systemUTC()),
            new RolloutMetrics(new SimpleMeterRegistry()),
            new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(40)),
            listener ->
                new ReleaseFollower(
                    consumer, releases.deserializer(), TOPIC, listener, Duration.ofMillis(20)),
            settled::incrementAndGet,
            this::trim);
    rollout.start();
  }

  /** Counts trims, noting whether the replaced model's retirement was reported before each. */
  private NativeHeap.Trim trim() {
    trimsAfterRetiredReport.add(statuses().stream().filter(s -> s.contains("RETIRED")).count());
    return new NativeHeap.Trim(true, "test trim");
  }

  private void arrives(long offset, String version) {
    consumer.schedulePollTask(() -> consumer.addRecord(record(offset, version)));
  }

  private List<String> statuses() {
    List<String> out = new ArrayList<>();
    for (ProducerRecord<String, ModelStatus> r : producer.history()) {
      ModelStatus s = r.value();
      out.add(
          r.key()
              + " "
              + s.getModelVersion()
              + " "
              + s.getState()
              + (s.getReleaseOffset() == null ? "" : "@" + s.getReleaseOffset())
              + (s.getReason() == null ? "" : " " + s.getReason()));
    }
    return out;
  }

  @AfterEach
  void close() {
    if (rollout != null) {
      rollout.close();
    }
  }

  @Test
  void shouldServeTheLatestReleaseOfTheTopicBeforeProcessingStarts() {
    // Given the topic holds v1 and v2 at start
    start(2, List.of(record(0, "v1"), record(1, "v2")));

    // Then only v2 loads, is swapped in, and processing starts once, after the swap
    await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
    assertThat(swaps).containsExactly("v2@v2 (model-releases-0@1)");
    assertThat(loaded).containsOnlyKeys("v2");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(statuses())
                    .containsExactly("processor-a v2 LOADING@1", "processor-a v2 SERVING@1"));
    ModelStatus serving = producer.history().get(1).value();
    assertThat(serving.getLoadMillis()).isEqualTo(7L);
    assertThat(serving.getCheckMillis()).isEqualTo(3L);
  }

  @Test
  void shouldKeepServingAndReportTheReasonWhenAReleaseIsRejected() {
    start(1, List.of(record(0, "v1")));
    await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);

    arrives(1, "bad-v2");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> statuses().stream().anyMatch(s -> s.contains("REJECTED")));
    assertThat(statuses())
        .endsWith(
            "processor-a bad-v2 LOADING@1",
            "processor-a bad-v2 REJECTED@1 SHA256_MISMATCH: expected ab.., found cd..");
    assertThat(swaps).containsExactly("v1@v1 (model-releases-0@0)");
    assertThat(rollout.serving().orElseThrow().version()).isEqualTo("v1");
  }

  @Test
  void shouldLoadAReleaseAgainByItselfOnceItsStoreIsBack() {
    // Given v1 serving, and v2 whose store is unavailable for its first two loads
    start(1, List.of(record(0, "v1")));
    await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
    unavailable.put("v2", new AtomicInteger(2));

    // When v2's release arrives, and no other record after it
    arrives(1, "v2");

    // Then v2 is rejected twice as unavailable, loaded again by itself after each wait, and serves
    await().atMost(Duration.ofSeconds(10)).until(() -> swaps.size() == 2);
    String rejected =
        "processor-a v2 REJECTED@1 FETCH_FAILED: expected the store to deliver it, found it"
            + " unavailable";
    assertThat(statuses())
        .containsSubsequence(
            "processor-a v2 LOADING@1",
            rejected,
            "processor-a v2 LOADING@1",
            rejected,
            "processor-a v2 LOADING@1",
            "processor-a v2 SERVING@1");
    assertThat(swaps).containsExactly("v1@v1 (model-releases-0@0)", "v2@v2 (model-releases-0@1)");
    assertThat(statuses()).filteredOn(s -> s.startsWith("processor-a v2 REJECTED")).hasSize(2);
  }

  @Test
  void shouldLoadTheNextReleaseOnlyOnceTheReplacedModelClosed() {
    start(1, List.of(record(0, "v1")));
    await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
    arrives(1, "v2");
    await().atMost(Duration.ofSeconds(10)).until(() -> swaps.size() == 2);
    arrives(2, "v3");
    await().atMost(Duration.ofSeconds(10)).until(() -> rolloutSawOffset(2));

    // When the serving side closes v1 (its last batch ended)
    assertThat(statuses()).noneMatch(s -> s.contains("RETIRED"));
    swapped.get(0).close();

    // Then v1 is reported retired before v3 starts loading: never three models resident
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(statuses())
                    .containsSubsequence(
                        "processor-a v1 RETIRED@0",
                        "processor-a v3 LOADING@2",
                        "processor-a v3 SERVING@2"));
  }

  @Test
  void shouldTrimTheNativeHeapOnceTheReplacedModelClosedThenReportItRetired() {
    // Given v2 replaced v1 while a batch still holds v1
    start(1, List.of(record(0, "v1")));
    await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
    arrives(1, "v2");
    await().atMost(Duration.ofSeconds(10)).until(() -> swaps.size() == 2);
    assertThat(trimsAfterRetiredReport).isEmpty();

    // When the serving side closes v1 (its last batch ended)
    swapped.get(0).close();

    // Then the heap is trimmed once, before v1 is reported retired
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> statuses().contains("processor-a v1 RETIRED@0"));
    assertThat(trimsAfterRetiredReport).containsExactly(0L);
  }

  @Test
  void shouldDiscardAModelWhoseReleaseWasSupersededWhileItLoaded() {
    start(1, List.of(record(0, "v1")));
    await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
    CountDownLatch gate = new CountDownLatch(1);
    gates.put("v2", gate);

    // v2 loads (held at the gate) when v3 arrives
    arrives(1, "v2");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> statuses().contains("processor-a v2 LOADING@1"));
    arrives(2, "v3");
    await().atMost(Duration.ofSeconds(10)).until(() -> rolloutSawOffset(2));
    gate.countDown();

    // Then v2 is closed unserved and v3 serves
    await().atMost(Duration.ofSeconds(10)).until(() -> swaps.size() == 2);
    assertThat(swaps).containsExactly("v1@v1 (model-releases-0@0)", "v3@v3 (model-releases-0@2)");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(statuses())
                    .contains(
                        "processor-a v2 RETIRED@1 superseded by v3 (model-releases-0@2) before it"
                            + " served"));
  }

  @Test
  void shouldLeaveTheCallersBootstrapModelOpenButCloseTheOneItLoaded() {
    // Given a rollout serving a bootstrap model its caller gave
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, 0L));
    Release bootstrap = Release.bootstrap("given-1", java.util.Optional.empty());
    rollout =
        new Rollout(
            new ReleaseStateMachine("processor-a", bootstrap, true),
            new WatchedModel(new FakeTextModel("given-1")),
            this::load,
            (TextModel model, Release r) -> swapped.add(model),
            new StatusReporter(producer, "model-status", "processor-a", Clock.systemUTC()),
            new RolloutMetrics(new SimpleMeterRegistry()),
            new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(40)),
            listener ->
                new ReleaseFollower(
                    consumer, releases.deserializer(), TOPIC, listener, Duration.ofMillis(20)),
            settled::incrementAndGet,
            null);
    WatchedModel given = (WatchedModel) rollout.initialModel().orElseThrow();
    rollout.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);

    // When closed with the serving model
    rollout.close(true);

    // Then the caller's model stays open (it closes it itself)
    assertThat(given.closed()).isNotDone();

    // And a model the rollout loaded is closed
    RolloutTest other = new RolloutTest();
    other.start(1, List.of(other.record(0, "v1")));
    await().atMost(Duration.ofSeconds(10)).until(() -> other.swapped.size() == 1);
    other.rollout.close(true);
    assertThat(((WatchedModel) other.swapped.get(0)).closed()).isDone();
  }

  private boolean rolloutSawOffset(long offset) {
    return consumer.position(P0) > offset;
  }
}
