package io.streambert.processor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streambert.processor.testing.InMemorySchemaRegistryClient;
import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.serde.AvroSerde;
import io.streambert.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReleaseFollowerTest {

  private static final String TOPIC = "model-releases";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final AvroSerde<ModelRelease> serde =
      AvroSerdes.specific(ModelRelease.class, new InMemorySchemaRegistryClient(), false);
  private final AtomicBoolean denied = new AtomicBoolean();
  private final MockConsumer<byte[], byte[]> consumer =
      new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()) {
        @Override
        public synchronized List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
          if (denied.get()) {
            throw new TopicAuthorizationException(java.util.Set.of(topic));
          }
          return super.partitionsFor(topic, timeout);
        }
      };
  private final Events events = new Events();
  private Thread thread;
  private ReleaseFollower follower;

  /** What the follower told its listener, in order, as text. */
  private static final class Events implements ReleaseListener {
    final List<String> seen = new ArrayList<>();

    @Override
    public synchronized void onRelease(Release release) {
      seen.add(release.toString());
    }

    @Override
    public synchronized void onTombstone(String key) {
      seen.add("tombstone " + key);
    }

    @Override
    public synchronized void onCaughtUp() {
      seen.add("caught up");
    }

    synchronized List<String> list() {
      return List.copyOf(seen);
    }
  }

  private static ModelRelease release(String version) {
    return ModelRelease.newBuilder()
        .setModelVersion(version)
        .setBundleUri("file:///srv/bundles/" + version + ".zip")
        .setSha256("ab".repeat(32))
        .setTasks(List.of("sentiment"))
        .setLabelSets(Map.of("sentiment", List.of("negative", "positive")))
        .setCreatedAt(Instant.ofEpochMilli(1_000))
        .build();
  }

  private ConsumerRecord<byte[], byte[]> record(long offset, String key, byte[] value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private byte[] bytes(ModelRelease release) {
    return serde.serializer().serialize(TOPIC, release);
  }

  private void start() {
    follower =
        new ReleaseFollower(consumer, serde.deserializer(), TOPIC, events, Duration.ofMillis(20));
    thread = new Thread(follower, "test-release-follower");
    thread.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (follower != null) {
      follower.close();
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
      assertThat(consumer.closed()).isTrue();
    }
  }

  private void topicWithRecordsUpTo(long endOffset) {
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, endOffset));
  }

  @Test
  void shouldDeliverEveryRecordOfTheTopicBeforeSayingItIsCaughtUp() {
    // Given the topic holds two releases
    topicWithRecordsUpTo(2);
    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(record(0, "all", bytes(release("v1"))));
          consumer.addRecord(record(1, "instances:b", bytes(release("v2"))));
        });

    // When the follower starts, and a third release arrives later
    start();
    await().atMost(Duration.ofSeconds(10)).until(() -> events.list().contains("caught up"));
    consumer.schedulePollTask(() -> consumer.addRecord(record(2, "all", bytes(release("v3")))));

    // Then both come before "caught up", the later one after it
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events.list())
                    .containsExactly(
                        "v1 (model-releases-0@0)",
                        "v2 (model-releases-0@1)",
                        "caught up",
                        "v3 (model-releases-0@2)"));
  }

  @Test
  void shouldSayCaughtUpAtOnceOnAnEmptyTopic() {
    topicWithRecordsUpTo(0);

    start();

    await().atMost(Duration.ofSeconds(10)).until(() -> events.list().equals(List.of("caught up")));
  }

  @Test
  void shouldTreatAMissingTopicAsEmptyAndFollowItOnceItExists() {
    // Given no such topic
    start();
    await().atMost(Duration.ofSeconds(10)).until(() -> events.list().equals(List.of("caught up")));

    // When it is created with a release
    topicWithRecordsUpTo(1);
    consumer.schedulePollTask(() -> consumer.addRecord(record(0, "all", bytes(release("v1")))));

    // Then the release arrives, and "caught up" is not said twice
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events.list()).containsExactly("caught up", "v1 (model-releases-0@0)"));
  }

  @Test
  void shouldTreatATopicItMayNotDescribeAsMissingAndFollowItOnceAllowed() {
    // Given the instance may not describe the topic (the broker says so for a missing one too)
    denied.set(true);
    topicWithRecordsUpTo(1);
    consumer.schedulePollTask(() -> consumer.addRecord(record(0, "all", bytes(release("v1")))));
    start();
    await().atMost(Duration.ofSeconds(10)).until(() -> events.list().equals(List.of("caught up")));

    // When the rights are granted
    denied.set(false);

    // Then it reads the topic
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events.list()).containsExactly("caught up", "v1 (model-releases-0@0)"));
  }

  @Test
  void shouldPassTombstonesOnAndSkipUndecodableRecords() {
    topicWithRecordsUpTo(3);
    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(record(0, "all", "not avro".getBytes(StandardCharsets.UTF_8)));
          consumer.addRecord(record(1, "instances:b", null));
          consumer.addRecord(record(2, "all", bytes(release("v1"))));
        });

    start();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events.list())
                    .containsExactly(
                        "tombstone instances:b", "v1 (model-releases-0@2)", "caught up"));
  }
}
