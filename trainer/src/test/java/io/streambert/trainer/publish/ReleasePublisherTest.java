package io.streambert.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.schemas.avro.ModelRelease;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
 * Publisher logic against a {@link MockProducer}; a broker test belongs with the processor's
 * release follower, which reads what this writes.
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

  static ModelRelease decode(byte[] bytes) throws IOException {
    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
    return new SpecificDatumReader<>(ModelRelease.class).read(null, dec);
  }

  private final List<String> checkedTopics = new ArrayList<>();
  private final ReleaseTopic topicCheck = checkedTopics::add;

  private Path bundleZip(String name, String manifest) throws IOException {
    Path zip = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      out.putNextEntry(new ZipEntry("manifest.json"));
      out.write(manifest.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new ZipEntry("model.onnx"));
      out.write(new byte[] {1, 2, 3});
      out.closeEntry();
    }
    return zip;
  }

  private static String manifest(String version) {
    return """
        {"formatVersion": 1, "modelVersion": "%s",
         "tasks": {"sentiment": {"kind": "SENTENCE_CLASSIFICATION", "labels": ["negative", "positive"],
                                 "output": "sentiment_logits"},
                   "entities": {"kind": "TOKEN_CLASSIFICATION", "labels": ["O", "B-PER", "I-PER"],
                                "output": "entity_logits"}},
         "metrics": {"sentiment.accuracy": 0.91, "entities.f1": 0.885},
         "createdAt": "2026-11-28T05:00:00Z"}
        """
        .formatted(version);
  }

  private ReleasePublisher publisher(
      BundleStore store, MockProducer<String, ModelRelease> producer) {
    return new ReleasePublisher(
        store,
        topicCheck,
        producer,
        ReleaseTopic.DEFAULT_NAME,
        "release",
        Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofSeconds(5));
  }

  @Test
  void shouldStoreBundleThenProduceReleaseRecord() throws IOException {
    Path zip = bundleZip("b.zip", manifest("2026.11.28-1"));
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    MockProducer<String, ModelRelease> producer =
        new MockProducer<>(true, null, new StringSerializer(), new AvroBinary());

    PublishResult result =
        publisher(store, producer)
            .publish(zip, new ZipManifestReader().read(zip), Optional.of(List.of("proc-1")));

    assertThat(checkedTopics).containsExactly("streambert-model-releases");
    assertThat(store.list()).containsExactly(result.stored());
    assertThat(producer.history())
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.topic()).isEqualTo("streambert-model-releases");
              assertThat(record.key()).isEqualTo("release");
              ModelRelease r = decode(new AvroBinary().serialize("t", record.value()));
              assertThat(r.getModelVersion()).isEqualTo("2026.11.28-1");
              assertThat(r.getBundleUri())
                  .isEqualTo(result.stored().uri().toString())
                  .endsWith("/2026.11.28-1.zip");
              assertThat(r.getSha256()).isEqualTo(Sha256.of(zip)).hasSize(64);
              assertThat(r.getTasks()).containsExactly("entities", "sentiment");
              assertThat(r.getLabelSets())
                  .containsEntry("sentiment", List.of("negative", "positive"))
                  .containsEntry("entities", List.of("O", "B-PER", "I-PER"));
              assertThat(r.getMetrics())
                  .isEqualTo(Map.of("sentiment.accuracy", 0.91, "entities.f1", 0.885));
              assertThat(r.getCreatedAt()).isEqualTo(Instant.parse("2026-11-28T06:00:00.123Z"));
              assertThat(r.getTargetInstances()).containsExactly("proc-1");
            });
  }

  @Test
  void shouldRefuseOlderVersionWithoutProducing() throws IOException {
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    MockProducer<String, ModelRelease> producer =
        new MockProducer<>(true, null, new StringSerializer(), new AvroBinary());
    Path newer = bundleZip("n.zip", manifest("5"));
    Path older = bundleZip("o.zip", manifest("4"));
    ReleasePublisher publisher = publisher(store, producer);
    publisher.publish(newer, new ZipManifestReader().read(newer), Optional.empty());

    assertThatThrownBy(
            () -> publisher.publish(older, new ZipManifestReader().read(older), Optional.empty()))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("latest")
        .hasMessageContaining("5, found 4");
    assertThat(producer.history()).hasSize(1);
    assertThat(
            decode(new AvroBinary().serialize("t", producer.history().get(0).value()))
                .getTargetInstances())
        .isNull();
  }

  @Test
  void shouldTellHowToAnnounceWhenProducingFailsAfterStoring() throws IOException {
    Path zip = bundleZip("b.zip", manifest("7"));
    FileBundleStore store = new FileBundleStore(dir.resolve("store"));
    MockProducer<String, ModelRelease> failing =
        new MockProducer<>(false, null, new StringSerializer(), new AvroBinary());
    ReleasePublisher publisher =
        new ReleasePublisher(
            store,
            topicCheck,
            failing,
            "releases",
            "release",
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMillis(50));
    ReleaseSpec spec = new ZipManifestReader().read(zip);

    assertThatThrownBy(() -> publisher.publish(zip, spec, Optional.empty()))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("the bundle is stored at")
        .hasMessageContaining("--announce-only --version 7");

    MockProducer<String, ModelRelease> working =
        new MockProducer<>(true, null, new StringSerializer(), new AvroBinary());
    PublishResult announced = publisher(store, working).announce(spec, Optional.empty());
    assertThat(announced.release().getSha256()).isEqualTo(Sha256.of(zip));
    assertThat(working.history()).hasSize(1);
  }

  @Test
  void shouldRefuseToAnnounceVersionMissingFromStore() throws IOException {
    Path zip = bundleZip("b.zip", manifest("9"));
    MockProducer<String, ModelRelease> producer =
        new MockProducer<>(true, null, new StringSerializer(), new AvroBinary());

    assertThatThrownBy(
            () ->
                publisher(new FileBundleStore(dir.resolve("empty")), producer)
                    .announce(new ZipManifestReader().read(zip), Optional.empty()))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("expected version 9 in the bundle store");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldRefuseZipWithoutManifestOrVersion() throws IOException {
    Path noVersion = bundleZip("nv.zip", "{\"tasks\": {\"s\": {\"labels\": [\"a\", \"b\"]}}}");
    Path notZip = Files.writeString(dir.resolve("x.zip"), "not a zip");

    assertThatThrownBy(() -> new ZipManifestReader().read(noVersion))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("expected a string \"modelVersion\"");
    assertThatThrownBy(() -> new ZipManifestReader().read(notZip))
        .isInstanceOf(PublishRefusedException.class)
        .hasMessageContaining("cannot read the bundle zip");
  }
}
