package io.streambert.processor.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a real HTTP bundle store away during rollouts to a processor (child JVM, exactly-once, two
 * partitions): the store answers 503 and then refuses connections. A brief outage is retried and
 * the new version served; a store that stays down gets the release rejected with a {@code
 * FETCH_FAILED} status after the configured attempts, and the current model keeps serving; once the
 * store is back, the processor loads that release again by itself, with no new release record.
 * Every input gets exactly one result per task, each named after the version that served it.
 */
class BundleStoreOutageIT {

  private static final Logger LOG = LoggerFactory.getLogger(BundleStoreOutageIT.class);
  private static final Duration PHASE = Duration.ofSeconds(150);
  private static final int RECORDS_PER_PHASE = 40;
  private static final int FETCH_ATTEMPTS = 3;
  private static final String INSTANCE = "store-outage";
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final Duration RETRY_BACKOFF_MAX = Duration.ofSeconds(2);

  private final KafkaBroker broker = SharedBroker.get();
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private Path workDir;
  private HttpBundleStore store;

  @BeforeEach
  void start() throws Exception {
    registry = new MiniSchemaRegistry().start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    workDir = Files.createTempDirectory("bundle-store-outage-it-");
  }

  @AfterEach
  void stop() {
    if (store != null) {
      store.close();
    }
    registry.close();
    ItFiles.deleteRecursively(workDir);
  }

  @Test
  void shouldRetryABriefStoreOutageAndRejectALastingOneWhileTheCurrentModelServes()
      throws Exception {
    RolloutBundles bundles = new RolloutBundles(workDir);
    RolloutBundles.Stored v1File = bundles.miniLm("store-v1", 42L);
    RolloutBundles.Stored v2File = bundles.miniLm("store-v2", 7L);
    RolloutBundles.Stored v3File = bundles.withManifest("store-v3", v2File, m -> {});
    store = new HttpBundleStore(Path.of(URI.create(v1File.uri())).getParent(), freePort()).start();
    RolloutBundles.Stored v1 = overHttp(v1File);
    RolloutBundles.Stored v2 = overHttp(v2File);
    RolloutBundles.Stored v3 = overHttp(v3File);

    PipelineTopics topics =
        PipelineTopics.unique("store-outage-it").create(broker, 2).createRolloutTopics(broker);
    String releases = topics.releases();
    String status = topics.status();
    Path log =
        Files.createDirectories(Path.of("target", "it-logs")).resolve(topics.input() + ".log");
    List<String> texts = SampleTexts.take(5 * RECORDS_PER_PHASE);
    List<String> ids = new ArrayList<>();

    try (ReleaseAnnouncer announcer =
            new ReleaseAnnouncer(broker.bootstrapServers(), releases, registryClient);
        StatusLog statuses = new StatusLog(broker.bootstrapServers(), status, registryClient);
        TextEventProducer producer =
            new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient);
        PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient);
        ProcessorProcess child = ProcessorProcess.start(config(topics, bundles), log, jvm())) {
      Phases phases = new Phases(producer, outputs, child, texts, ids);

      // v1 from a store that answers.
      long o1 = announcer.announce("all", v1, List.of());
      awaitStatus(statuses, serving(v1, o1), child);
      List<String> onV1 = phases.produceAndAwait("v1");

      // A brief outage: 503, then connection refused, then the store is back before the last try
      // (the second try fails at once; the third comes a doubled backoff, 1 s, later).
      store.answerOnceThenStop(file(v2), 503);
      String refused = "fetching " + v2.uri() + " failed (attempt 2 of " + FETCH_ATTEMPTS + ")";
      CompletableFuture<Boolean> restarted =
          CompletableFuture.supplyAsync(
              () -> {
                await("the processor's second try finding the store refusing connections")
                    .atMost(PHASE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> new String(Files.readAllBytes(log), UTF_8).contains(refused));
                boolean wasDown = !store.running();
                store.start();
                return wasDown;
              });
      long o2 = announcer.announce("all", v2, List.of());
      List<String> duringBriefOutage = phases.produce("brief");
      assertThat(restarted.get(PHASE.toSeconds(), TimeUnit.SECONDS))
          .as("store down at the second try")
          .isTrue();
      phases.awaitResults("brief", duringBriefOutage);
      awaitStatus(statuses, serving(v2, o2), child);
      awaitStatus(statuses, retired(v1, o1), child);
      assertThat(store.requests(file(v2)))
          .as("requests for v2 that reached the store")
          .isEqualTo(2);

      // A lasting outage: 503, then connection refused on every further try.
      store.answerOnceThenStop(file(v3), 503);
      long o3 = announcer.announce("all", v3, List.of());
      List<String> duringLastingOutage = phases.produceAndAwait("lasting");
      ModelStatus rejection = awaitStatus(statuses, rejected(v3, o3), child);
      assertThat(rejection.getReason())
          .startsWith("FETCH_FAILED: ")
          .contains("unavailable after " + FETCH_ATTEMPTS + " attempts")
          .contains("ConnectException");
      assertThat(store.running()).isFalse();
      assertThat(store.requests(file(v3))).as("requests for v3 that reached the store").isOne();
      List<String> afterRejection = phases.produceAndAwait("after");

      // The store comes back: v3 is loaded again by itself, from the same release record.
      store.start();
      awaitStatus(statuses, serving(v3, o3), child);
      awaitStatus(statuses, retired(v2, o2), child);
      List<String> onV3 = phases.produceAndAwait("v3");

      outputs.pollUntil(() -> false, Duration.ZERO, Duration.ofSeconds(3));
      assertThat(child.isAlive()).as("processor alive; output:%n%s", child.outputTail()).isTrue();
      child.stop(30);

      Map<String, Integer> once = ids.stream().collect(Collectors.toMap(id -> id, id -> 1));
      assertThat(outputs.sentimentCountsByEventId()).isEqualTo(once);
      assertThat(outputs.entityCountsByEventId()).isEqualTo(once);
      assertThat(outputs.deadLetters()).isEmpty();
      Map<String, String> versionOf = versionByEventId(outputs);
      assertThat(versions(versionOf, onV1)).containsOnly(v1.version());
      assertThat(versions(versionOf, duringBriefOutage)).isSubsetOf(v1.version(), v2.version());
      assertThat(versions(versionOf, duringLastingOutage)).containsOnly(v2.version());
      assertThat(versions(versionOf, afterRejection)).containsOnly(v2.version());
      assertThat(versions(versionOf, onV3)).containsOnly(v3.version());
      assertThat(statuses.all()).as("no rejection of v2").noneMatch(rejected(v2, o2));
      LOG.info(
          "bundle store outage figures: produced {}, sentiment {}, entities {}, dead letters {};"
              + " rejection: {}",
          ids.size(),
          outputs.sentiments().size(),
          outputs.entities().size(),
          outputs.deadLetters().size(),
          rejection.getReason());
    }
  }

  /** Produces a phase of inputs and waits for both results of each. */
  private static final class Phases {
    private final TextEventProducer producer;
    private final PipelineOutputs outputs;
    private final ProcessorProcess child;
    private final List<String> texts;
    private final List<String> ids;
    private final Instant base = Instant.now();

    Phases(
        TextEventProducer producer,
        PipelineOutputs outputs,
        ProcessorProcess child,
        List<String> texts,
        List<String> ids) {
      this.producer = producer;
      this.outputs = outputs;
      this.child = child;
      this.texts = texts;
      this.ids = ids;
    }

    List<String> produceAndAwait(String phase) {
      List<String> produced = produce(phase);
      awaitResults(phase, produced);
      return produced;
    }

    /** Sends a phase of inputs and waits for the broker's acknowledgements. */
    List<String> produce(String phase) {
      List<String> produced = new ArrayList<>();
      for (int i = 0; i < RECORDS_PER_PHASE; i++) {
        int n = ids.size();
        String id = String.format("%s-%03d", phase, i);
        producer.send(
            "key-" + n % 7, TextEventProducer.event(id, texts.get(n), base.plusMillis(n)));
        ids.add(id);
        produced.add(id);
      }
      producer.flush();
      return produced;
    }

    void awaitResults(String phase, List<String> produced) {
      boolean done =
          outputs.pollUntil(
              () ->
                  outputs.sentimentCountsByEventId().keySet().containsAll(produced)
                      && outputs.entityCountsByEventId().keySet().containsAll(produced),
              PHASE,
              Duration.ZERO);
      assertThat(done)
          .as(
              "results of phase %s: %d sentiment, %d entity, %d dead letters in all; output:%n%s",
              phase,
              outputs.sentimentCountsByEventId().size(),
              outputs.entityCountsByEventId().size(),
              outputs.deadLetters().size(),
              child.outputTail())
          .isTrue();
    }
  }

  private RolloutBundles.Stored overHttp(RolloutBundles.Stored stored) {
    String file = Path.of(URI.create(stored.uri())).getFileName().toString();
    return new RolloutBundles.Stored(stored.version(), store.uri(file), stored.sha256());
  }

  private static String file(RolloutBundles.Stored stored) {
    return stored.uri().substring(stored.uri().lastIndexOf('/') + 1);
  }

  private static Map<String, String> versionByEventId(PipelineOutputs outputs) {
    return outputs.sentiments().stream()
        .map(PipelineOutputs.Received::value)
        .collect(
            Collectors.toMap(
                SentimentResult::getEventId, SentimentResult::getModelVersion, (a, b) -> a));
  }

  private static Set<String> versions(Map<String, String> versionOf, List<String> ids) {
    return ids.stream().map(versionOf::get).collect(Collectors.toSet());
  }

  private static Predicate<ModelStatus> serving(RolloutBundles.Stored bundle, long offset) {
    return StatusLog.of(INSTANCE, ModelState.SERVING, bundle.version())
        .and(s -> Long.valueOf(offset).equals(s.getReleaseOffset()));
  }

  private static Predicate<ModelStatus> retired(RolloutBundles.Stored bundle, long offset) {
    return StatusLog.of(INSTANCE, ModelState.RETIRED, bundle.version())
        .and(s -> Long.valueOf(offset).equals(s.getReleaseOffset()));
  }

  private static Predicate<ModelStatus> rejected(RolloutBundles.Stored bundle, long offset) {
    return StatusLog.of(INSTANCE, ModelState.REJECTED, bundle.version())
        .and(s -> Long.valueOf(offset).equals(s.getReleaseOffset()));
  }

  private static ModelStatus awaitStatus(
      StatusLog statuses, Predicate<ModelStatus> wanted, ProcessorProcess child) {
    return statuses
        .await(wanted, PHASE)
        .orElseThrow(
            () ->
                new AssertionError(
                    "expected a status that did not come; statuses:\n"
                        + statuses.describe()
                        + "processor: "
                        + child.outputTail()));
  }

  private Map<String, String> config(PipelineTopics topics, RolloutBundles bundles) {
    Map<String, String> c =
        RolloutInstanceConfig.of(
            broker,
            registry,
            topics,
            bundles,
            "store-outage-it-" + topics.input(),
            INSTANCE,
            workDir.resolve("state"));
    c.put(ProcessorConfig.MODEL_STORE_TRUSTED_PREFIXES, store.prefix());
    c.put(ProcessorConfig.MODEL_STORE_CACHE_DIR, workDir.resolve("cache").toString());
    c.put(ProcessorConfig.MODEL_STORE_FETCH_ATTEMPTS, String.valueOf(FETCH_ATTEMPTS));
    c.put(ProcessorConfig.MODEL_STORE_RETRY_BACKOFF_MS, String.valueOf(RETRY_BACKOFF.toMillis()));
    c.put(
        ProcessorConfig.MODEL_STORE_RETRY_BACKOFF_MAX_MS,
        String.valueOf(RETRY_BACKOFF_MAX.toMillis()));
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "16");
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "100");
    return c;
  }

  private static int freePort() throws IOException {
    return KafkaBroker.freePort();
  }

  private static List<String> jvm() {
    return List.of("-Xmx640m");
  }
}
