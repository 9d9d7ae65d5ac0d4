package io.streambert.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.bundle.Checksums;
import io.streambert.model.bundle.ManifestSignature;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.testing.TestBundles;
import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.registry.SchemaMetadata;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerde;
import io.streambert.schemas.serde.AvroSerdes;
import io.streambert.trainer.TrainerMain;
import io.streambert.trainer.publish.PutServer;
import io.streambert.trainer.publish.ReleaseTopic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code publish} end to end on a real MiniLM bundle, with the project's Avro serde over an
 * in-memory registry and a {@link MockProducer} in place of the broker.
 */
class PublishCommandIT {
  @TempDir Path dir;

  /** Registry without HTTP: ids by schema text. */
  static final class MemoryRegistry implements SchemaRegistryClient {
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Integer, Schema> schemas = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
      int id = ids.computeIfAbsent(subject + schema, s -> ids.size() + 1);
      schemas.put(id, schema);
      return id;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
      return register(subject, schema);
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
      return schemas.get(id);
    }

    @Override
    public SchemaMetadata getLatestSchemaMetadata(String subject) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
      return true;
    }
  }

  private final MemoryRegistry registry = new MemoryRegistry();
  private final AvroSerde<ModelRelease> serde =
      AvroSerdes.specific(ModelRelease.class, registry, false);
  private final List<MockProducer<String, ModelRelease>> producers = new ArrayList<>();
  private final List<String> topicChecks = new ArrayList<>();
  private final List<Map<String, Object>> configs = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private ModelBundle bundle;

  @BeforeEach
  void buildBundle() {
    bundle = TestBundles.miniLmBothTasks();
  }

  private final ReleaseClients fakeClients =
      (config, timeout) -> {
        configs.add(config);
        MockProducer<String, ModelRelease> producer =
            new MockProducer<>(true, null, new StringSerializer(), serde.serializer());
        producers.add(producer);
        return new ReleaseClients.Opened() {
          @Override
          public ReleaseTopic topic() {
            return topicChecks::add;
          }

          @Override
          public Producer<String, ModelRelease> producer() {
            return producer;
          }

          @Override
          public void close() {}
        };
      };

  private int publish(String... args) {
    CommandLine cli = TrainerMain.configure(new CommandLine(new PublishCommand(fakeClients)));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldStoreVerifiedBundleProduceDecodableReleaseAndNeverStoreItTwice() throws IOException {
    Path store = dir.resolve("store");
    String[] common = {
      "--store=" + store.toUri(),
      "--bootstrap-servers=127.0.0.1:9",
      "--registry-url=http://127.0.0.1:9",
      "--timeout=PT5S"
    };

    int code =
        publish(concat("--bundle=" + bundle.directory(), "--target-instance=proc-a", common));

    assertThat(code).as(err.toString()).isZero();
    Path stored = store.resolve(TestBundles.VERSION + ".zip");
    assertThat(ModelBundle.open(stored).manifest()).isEqualTo(bundle.manifest());
    assertThat(topicChecks).containsExactly("model-releases");
    assertThat(configs.get(0))
        .containsEntry("bootstrap.servers", "127.0.0.1:9")
        .containsEntry("schema.registry.url", "http://127.0.0.1:9");
    var record = producers.get(0).history().get(0);
    assertThat(record.key()).isEqualTo("instances:proc-a");
    byte[] wire = serde.serializer().serialize(record.topic(), record.value());
    ModelRelease release = serde.deserializer().deserialize(record.topic(), wire);
    assertThat(release.getModelVersion()).isEqualTo(TestBundles.VERSION);
    assertThat(release.getBundleUri()).isEqualTo(stored.toUri().toString());
    assertThat(release.getSha256()).isEqualTo(Checksums.sha256(stored));
    assertThat(release.getTasks()).containsExactlyInAnyOrder("sentiment", "entities");
    assertThat(release.getLabelSets().get("sentiment"))
        .isEqualTo(bundle.manifest().tasks().get("sentiment").labels());
    assertThat(release.getTargetInstances()).containsExactly("proc-a");
    assertThat(out.toString())
        .contains("published " + TestBundles.VERSION)
        .contains(stored.toUri().toString());

    int again = publish(concat("--bundle=" + bundle.directory(), common));

    assertThat(again).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString()).contains("version " + TestBundles.VERSION + " already exists");
    try (var files = Files.list(store)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              TestBundles.VERSION + ".zip", TestBundles.VERSION + ".zip.sha256");
    }
    assertThat(producers).hasSize(1);

    int announced = publish(concat("--announce-only=" + TestBundles.VERSION, common));

    assertThat(announced).as(err.toString()).isZero();
    assertThat(producers.get(1).history())
        .singleElement()
        .satisfies(r -> assertThat(r.value().getSha256()).isEqualTo(release.getSha256()));
  }

  @Test
  void shouldRefuseAFolderThatIsNotABundle() throws IOException {
    Path notABundle = Files.createDirectories(dir.resolve("empty"));

    int code =
        publish(
            "--bundle=" + notABundle,
            "--store=" + dir.resolve("store"),
            "--bootstrap-servers=127.0.0.1:9",
            "--registry-url=http://127.0.0.1:9");

    assertThat(code).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString()).contains("manifest.json");
    assertThat(producers).isEmpty();
  }

  @Test
  void shouldSignManifestAndKeyByFractionWhenCanaryIsSigned() throws Exception {
    // Given an Ed25519 key pair as openssl writes it
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path privatePem =
        Files.writeString(
            dir.resolve("release.key"),
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    Path store = dir.resolve("store");

    // When a bundle folder is published to a quarter of the instances, signed
    int code =
        publish(
            "--bundle=" + bundle.directory(),
            "--target-fraction=0.25",
            "--signing-key=" + privatePem,
            "--store=" + store.toUri(),
            "--bootstrap-servers=127.0.0.1:9",
            "--registry-url=http://127.0.0.1:9");

    // Then the stored zip carries a signature the public key verifies, and the key is the target
    assertThat(code).as(err.toString()).isZero();
    ModelBundle stored = ModelBundle.open(store.resolve(TestBundles.VERSION + ".zip"));
    ManifestSignature.verify(stored.directory(), pair.getPublic());
    var record = producers.get(0).history().get(0);
    assertThat(record.key()).isEqualTo("fraction:0.25");
    assertThat(record.value().getTargetFraction()).isEqualTo(0.25);
    assertThat(record.value().getTargetInstances()).isNull();
    assertThat(record.value().getSha256())
        .isEqualTo(Checksums.sha256(store.resolve(TestBundles.VERSION + ".zip")));
    assertThat(bundle.directory().resolve(ManifestSignature.FILE))
        .as("the given bundle folder is left as it was")
        .doesNotExist();
  }

  @Test
  void shouldNameServedUrlWhenStoreFolderIsServedOverHttp() throws IOException {
    Path store = dir.resolve("store");
    String[] common = {
      "--store=" + store.toUri(),
      "--serve-url=http://bundles.example:8000/streambert",
      "--bootstrap-servers=127.0.0.1:9",
      "--registry-url=http://127.0.0.1:9"
    };

    int code = publish(concat("--bundle=" + bundle.directory(), common));
    int again = publish(concat("--announce-only=" + TestBundles.VERSION, common));

    // Then the zip is in the folder, and both releases name its URL under the server
    assertThat(code).as(err.toString()).isZero();
    assertThat(again).as(err.toString()).isZero();
    assertThat(store.resolve(TestBundles.VERSION + ".zip")).exists();
    String url = "http://bundles.example:8000/streambert/" + TestBundles.VERSION + ".zip";
    assertThat(producers.get(0).history().get(0).value().getBundleUri()).isEqualTo(url);
    assertThat(producers.get(1).history().get(0).value().getBundleUri()).isEqualTo(url);
    assertThat(producers.get(0).history().get(0).key()).isEqualTo("all");
  }

  @Test
  void shouldPutBundleOnHttpStoreAndAnnounceItsUrl() throws IOException {
    // Given a server that accepts PUT, named as the store
    try (PutServer server = new PutServer(Optional.empty(), true)) {
      String[] common = {
        "--store=" + server.uri("/streambert/"),
        "--bootstrap-servers=127.0.0.1:9",
        "--registry-url=http://127.0.0.1:9"
      };

      // When the bundle is published, then announced again from the store
      int code = publish(concat("--bundle=" + bundle.directory(), common));
      int again = publish(concat("--announce-only=" + TestBundles.VERSION, common));

      // Then the server holds the zip, and both releases name its URL and SHA-256
      assertThat(code).as(err.toString()).isZero();
      assertThat(again).as(err.toString()).isZero();
      String path = "/streambert/" + TestBundles.VERSION + ".zip";
      Path copy = dir.resolve("copy.zip");
      Files.write(copy, server.file(path).orElseThrow());
      assertThat(ModelBundle.open(copy).manifest()).isEqualTo(bundle.manifest());
      for (MockProducer<String, ModelRelease> p : producers) {
        ModelRelease release = p.history().get(0).value();
        assertThat(release.getBundleUri()).isEqualTo(server.uri(path).toString());
        assertThat(release.getSha256()).isEqualTo(Checksums.sha256(copy));
      }
      assertThat(producers).hasSize(2);
    }
  }

  @Test
  void shouldRefuseInstancesAndFractionTogether() {
    int code =
        publish(
            "--bundle=" + bundle.directory(),
            "--target-instance=proc-a",
            "--target-fraction=0.5",
            "--store=" + dir.resolve("store"),
            "--bootstrap-servers=127.0.0.1:9",
            "--registry-url=http://127.0.0.1:9");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("expected --target-instance or --target-fraction, found both");
    assertThat(producers).isEmpty();
  }

  @Test
  void shouldAskForBrokerAndRegistry() {
    int code = publish("--bundle=" + bundle.directory(), "--store=" + dir.resolve("store"));

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("expected --bootstrap-servers");
  }

  private static String[] concat(String first, String[] rest) {
    return concat(new String[] {first}, rest);
  }

  private static String[] concat(String first, String second, String[] rest) {
    return concat(new String[] {first, second}, rest);
  }

  private static String[] concat(String[] head, String[] rest) {
    String[] all = java.util.Arrays.copyOf(head, head.length + rest.length);
    System.arraycopy(rest, 0, all, head.length, rest.length);
    return all;
  }
}
