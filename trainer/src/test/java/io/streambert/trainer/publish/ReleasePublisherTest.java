package io.streambert.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.bundle.Checksums;
import io.streambert.schemas.avro.ModelRelease;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publisher logic against a {@link MockProducer}; the processor's release follower reads what this
 * writes from a real broker.
 */
class ReleasePublisherTest {
  private static final Instant NOW = Instant.parse("2026-11-28T06:00:00.123456Z");

  @TempDir Path dir;

  /** Plain Avro binary, enough to prove the record is valid against its schema. */
  static final class AvroBinary implements Serializer<ModelRelease> {
    @Override
    public byte[] serialize(String topic, ModelRelease data) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      try {
        new SpecificDatumWriter<>(ModelRelease.class).write(data, enc);
        enc.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
  }

  static ModelRelease roundTrip(ModelRelease release) throws IOException {
    byte[] bytes = new AvroBinary().serialize("t", release);
    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
    return new SpecificDatumReader<>(ModelRelease.class).read(null, dec);
  }

  private final List<String> checkedTopics = new ArrayList<>();
  private final ReleaseTopic topicCheck = checkedTopics::add;

  /** Stands in for a bundle zip: the store and the checksum only see bytes. */
  private Path bundleZip(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "bundle bytes of " + name);
  }

  private static ReleaseSpec spec(String version) {
    return new ReleaseSpec(
        ModelVersion.parse(version),
        Map.of(
            "sentiment", List.of("negative", "positive"),
            "entities", List.of("O", "B-PER", "I-PER")),
        Map.of("sentiment.accuracy", 0.91, "entities.f1", 0.885));
  }

  private static MockProducer<String, ModelRelease> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new StringSerializer(), new AvroBinary());
  }

  private ReleasePublisher publisher(
      BundleStore store, MockProducer<String, ModelRelease> producer, Duration timeout) {
    return new ReleasePublisher(
        store,
        topicCheck,
        producer,
        ReleaseTopic.DEFAULT_NAME,
        Clock.fixed(NOW, ZoneOffset.UTC),
        timeout);
  }

  @Test
  void shouldStoreBundleThenProduceReleaseRecord() throws IOException {
    Path zip = bundleZip("b.zip");
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    MockProducer<String, ModelRelease> producer = producer(true);

    PublishResult result =
        publisher(store, producer, Duration.ofSeconds(5))
            .publish(zip, spec("2026.11.28-1"), ReleaseTarget.instances(List.of("proc-1")));

    assertThat(checkedTopics).containsExactly("model-releases");
    assertThat(store.list()).containsExactly(result.stored());
    assertThat(producer.history()).hasSize(1);
    assertThat(producer.history().get(0).topic()).isEqualTo("model-releases");
    assertThat(producer.history().get(0).key()).isEqualTo("instances:proc-1");
    ModelRelease r = roundTrip(producer.history().get(0).value());
    assertThat(r.getModelVersion()).isEqualTo("2026.11.28-1");
    assertThat(r.getBundleUri())
        .isEqualTo(result.stored().uri().toString())
        .endsWith("/2026.11.28-1.zip");
    assertThat(r.getSha256()).isEqualTo(Checksums.sha256(zip)).hasSize(64);
    assertThat(r.getTasks()).containsExactly("entities", "sentiment");
    assertThat(r.getLabelSets())
        .containsEntry("sentiment", List.of("negative", "positive"))
        .containsEntry("entities", List.of("O", "B-PER", "I-PER"));
    assertThat(r.getMetrics()).isEqualTo(Map.of("sentiment.accuracy", 0.91, "entities.f1", 0.885));
    assertThat(r.getCreatedAt()).isEqualTo(Instant.parse("2026-11-28T06:00:00.123Z"));
    assertThat(r.getTargetInstances()).containsExactly("proc-1");
    assertThat(r.getTargetFraction()).isNull();
    assertThat(r.getTargetKey()).isEqualTo("instances:proc-1");
  }

  @Test
  void shouldKeyByTargetWhenCanaryThenReleaseForAll() throws IOException {
    // Given a release for all, then a canary for a quarter, then one for two named instances
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    MockProducer<String, ModelRelease> producer = producer(true);
    ReleasePublisher publisher = publisher(store, producer, Duration.ofSeconds(5));
    publisher.publish(bundleZip("a.zip"), spec("1"), ReleaseTarget.all());
    publisher.publish(bundleZip("b.zip"), spec("2"), ReleaseTarget.fraction(0.25));
    publisher.publish(
        bundleZip("c.zip"), spec("3"), ReleaseTarget.instances(List.of("proc-b", "proc-a")));

    // Then each has its own key, so compaction keeps the release for all beside the canaries
    assertThat(producer.history())
        .extracting(rec -> rec.key())
        .containsExactly("all", "fraction:0.25", "instances:proc-a,proc-b");
    ModelRelease quarter = roundTrip(producer.history().get(1).value());
    assertThat(quarter.getTargetFraction()).isEqualTo(0.25);
    assertThat(quarter.getTargetInstances()).isNull();
    assertThat(quarter.getTargetKey()).isEqualTo("fraction:0.25");
    assertThat(roundTrip(producer.history().get(0).value()).getTargetKey()).isEqualTo("all");
  }

  @Test
  void shouldRefuseOlderVersionWithoutProducing() throws IOException {
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    MockProducer<String, ModelRelease> producer = producer(true);
    ReleasePublisher publisher = publisher(store, producer, Duration.ofSeconds(5));
    publisher.publish(bundleZip("n.zip"), spec("5"), ReleaseTarget.all());

    assertThatThrownBy(() -> publisher.publish(bundleZip("o.zip"), spec("4"), ReleaseTarget.all()))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("latest")
        .hasMessageContaining("5, found 4");
    assertThat(producer.history()).hasSize(1);
    assertThat(roundTrip(producer.history().get(0).value()).getTargetInstances()).isNull();
  }

  @Test
  void shouldTellHowToAnnounceWhenProducingFailsAfterStoring() throws IOException {
    Path zip = bundleZip("b.zip");
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    ReleasePublisher failing = publisher(store, producer(false), Duration.ofMillis(50));

    assertThatThrownBy(() -> failing.publish(zip, spec("7"), ReleaseTarget.all()))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("the bundle is stored at")
        .hasMessageContaining("--announce-only --version 7");

    MockProducer<String, ModelRelease> working = producer(true);
    PublishResult announced =
        publisher(store, working, Duration.ofSeconds(5)).announce(spec("7"), ReleaseTarget.all());
    assertThat(announced.release().getSha256()).isEqualTo(Checksums.sha256(zip));
    assertThat(working.history()).hasSize(1);
  }

  @Test
  void shouldRefuseToAnnounceVersionMissingFromStore() {
    MockProducer<String, ModelRelease> producer = producer(true);
    ReleasePublisher publisher =
        publisher(new FileBundleStore(dir.resolve("empty")), producer, Duration.ofSeconds(5));

    assertThatThrownBy(() -> publisher.announce(spec("9"), ReleaseTarget.all()))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("expected version 9 in the bundle store");
    assertThat(producer.history()).isEmpty();
    assertThat(checkedTopics).isEmpty();
  }

  @Test
  void shouldNotStoreAnythingWhenTheTopicIsUnusable() throws IOException {
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    ReleaseTopic broken =
        topic -> {
          throw new PublishRefusedException("expected cleanup.policy=compact, found delete");
        };
    ReleasePublisher publisher =
        new ReleasePublisher(
            store, broken, producer(true), "t", Clock.systemUTC(), Duration.ofSeconds(1));

    assertThatThrownBy(() -> publisher.publish(bundleZip("b.zip"), spec("1"), ReleaseTarget.all()))
        .hasMessageContaining("found delete");
    assertThat(store.list()).isEmpty();
  }
}
