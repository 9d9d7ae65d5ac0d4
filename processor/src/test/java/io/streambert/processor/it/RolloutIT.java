package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rolls models out to two processor instances (child JVMs, one consumer group, four partitions)
 * through the release topic while input streams in steadily: a new version, a bundle with a wrong
 * SHA-256 and one whose manifest contradicts its ONNX graph, a rollback, a canary for one instance
 * and a restart of that instance. Under exactly-once every input gets exactly one result per task,
 * in input order per key, each naming the version and the release that produced it.
 *
 * <p>No timing assertions: every phase waits (generously) for status records, and the checks on
 * which version served an input use the inputs produced after both instances reported the old model
 * retired (closed once its last batch ended), which no batch on the old model can contain.
 */
class RolloutIT {

  private static final Duration PHASE = Duration.ofSeconds(150);
  private static final String A = "rollout-a";
  private static final String B = "rollout-b";
  private static final String RELEASE_HEADER = "streambert-model-release";
  private static final int KEYS = 23;

  private final KafkaBroker broker = SharedBroker.get();
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private Path workDir;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = new MiniSchemaRegistry().start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    workDir = Files.createTempDirectory("rollout-it-");
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
    ItFiles.deleteRecursively(workDir);
  }

  @Test
  void shouldRollOutRejectRollBackAndCanaryWithoutLosingOrDuplicatingAResult() throws Exception {
    RolloutBundles bundles = new RolloutBundles(workDir);
    RolloutBundles.Stored v1 = bundles.miniLm("rollout-v1", 42L);
    RolloutBundles.Stored v2 = bundles.miniLm("rollout-v2", 7L);
    RolloutBundles.Stored contradicting = bundles.contradictingManifest("rollout-v3", v2);
    RolloutBundles.Stored wrongSha =
        new RolloutBundles.Stored("rollout-v4", v1.uri(), "0".repeat(64));

    PipelineTopics topics =
        PipelineTopics.unique("rollout-it").create(broker, 4).createRolloutTopics(broker);
    String releases = topics.releases();
    String status = topics.status();
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));

    try (ReleaseAnnouncer announcer =
            new ReleaseAnnouncer(broker.bootstrapServers(), releases, registryClient);
        StatusLog statuses = new StatusLog(broker.bootstrapServers(), status, registryClient);
        PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient)) {
      long o1 = announcer.announce("all", v1, List.of());

      // Both instances read the release topic at start and serve v1 (no bootstrap bundle).
      Map<String, String> configA = childConfig(topics, bundles, A);
      Map<String, String> configB = childConfig(topics, bundles, B);
      ProcessorProcess a =
          ProcessorProcess.start(configA, logs.resolve(topics.input() + "-a.log"), jvm());
      ProcessorProcess b =
          ProcessorProcess.start(configB, logs.resolve(topics.input() + "-b.log"), jvm());
      SteadyProducer input = new SteadyProducer(topics.input());
      try {
        awaitStatus(statuses, serving(A, v1, o1), a, b);
        awaitStatus(statuses, serving(B, v1, o1), a, b);
        input.start();
        awaitResults(outputs, input, 0, 30, a, b);

        // A new version, for all.
        long o2 = announcer.announce("all", v2, List.of());
        awaitStatus(statuses, serving(A, v2, o2), a, b);
        awaitStatus(statuses, serving(B, v2, o2), a, b);
        awaitStatus(statuses, retired(A, v1, o1), a, b);
        awaitStatus(statuses, retired(B, v1, o1), a, b);
        int onV2 = input.sent();
        awaitResults(outputs, input, onV2, 20, a, b);

        // Two bad releases: both rejected with their reason, v2 keeps serving.
        announcer.announce("all", wrongSha, List.of());
        announcer.announce("all", contradicting, List.of());
        for (String instance : List.of(A, B)) {
          ModelStatus sha = awaitStatus(statuses, rejected(instance, wrongSha), a, b);
          assertThat(sha.getReason()).startsWith("SHA256_MISMATCH: ").contains("0".repeat(64));
          ModelStatus graph = awaitStatus(statuses, rejected(instance, contradicting), a, b);
          assertThat(graph.getReason()).startsWith("BUNDLE_INVALID: ").contains("token_ids");
        }
        int afterRejections = input.sent();
        awaitResults(outputs, input, afterRejections, 20, a, b);
        int beforeRollback = input.sent();

        // Roll back to v1: a newer record naming the old bundle.
        long o5 = announcer.announce("all", v1, List.of());
        awaitStatus(statuses, serving(A, v1, o5), a, b);
        awaitStatus(statuses, serving(B, v1, o5), a, b);
        awaitStatus(statuses, retired(A, v2, o2), a, b);
        awaitStatus(statuses, retired(B, v2, o2), a, b);
        int onRolledBack = input.sent();
        awaitResults(outputs, input, onRolledBack, 20, a, b);
        int beforeCanary = input.sent();

        // A canary of v2 for B only, under its own key: "all" (v1) stays on the topic for A.
        long o6 = announcer.announce("instances:" + B, v2, List.of(B));
        awaitStatus(statuses, serving(B, v2, o6), a, b);
        awaitStatus(statuses, retired(B, v1, o5), a, b);
        int onCanary = input.sent();
        awaitResults(outputs, input, onCanary, 40, a, b);

        // B restarts and comes back on its latest accepted release, the canary.
        b.stop(30);
        b = ProcessorProcess.start(configB, logs.resolve(topics.input() + "-b.log"), jvm());
        assertThat(statuses.awaitCount(serving(B, v2, o6), 2, PHASE))
            .as("B serves its canary again after the restart; statuses:%n%s", statuses.describe())
            .isTrue();
        int afterRestart = input.sent();
        awaitResults(outputs, input, afterRestart, 20, a, b);

        input.finish();
        awaitResults(outputs, input, input.sent(), 0, a, b);

        // Exactly one result per input and task, in input order per key.
        Map<String, Integer> once =
            input.ids().stream().collect(Collectors.toMap(id -> id, id -> 1));
        assertThat(outputs.sentimentCountsByEventId()).isEqualTo(once);
        assertThat(outputs.entityCountsByEventId()).isEqualTo(once);
        assertThat(outputs.sentimentIdsPerKey()).isEqualTo(input.idsPerKey());
        assertThat(outputs.entityIdsPerKey()).isEqualTo(input.idsPerKey());
        assertThat(outputs.deadLetters()).isEmpty();

        // Each result names v1 or v2 and the release record that decided it.
        Map<String, Set<String>> releasesOf =
            Map.of(
                v1.version(), Set.of(coordinate(releases, o1), coordinate(releases, o5)),
                v2.version(), Set.of(coordinate(releases, o2), coordinate(releases, o6)));
        for (PipelineOutputs.Received<SentimentResult> r : outputs.sentiments()) {
          String version = r.value().getModelVersion();
          assertThat(releasesOf).containsKey(version);
          assertThat(r.headers().get(PipelineOutputs.MODEL_VERSION_HEADER)).isEqualTo(version);
          assertThat(releasesOf.get(version)).contains(r.headers().get(RELEASE_HEADER));
        }
        Map<Integer, String> versionByInput = versionByInput(outputs);
        assertThat(versions(versionByInput, onV2, beforeRollback))
            .as("inputs after v1 retired on both, until the rollback")
            .containsOnly(v2.version());
        assertThat(versions(versionByInput, onRolledBack, beforeCanary))
            .as("inputs after v2 retired on both, until the canary")
            .containsOnly(v1.version());
        assertThat(versions(versionByInput, onCanary, afterRestart))
            .as("inputs after the canary: B on v2, A still on v1")
            .containsOnly(v1.version(), v2.version())
            .contains(v1.version(), v2.version());
        assertThat(statuses.all())
            .as("A never loads the canary")
            .noneMatch(
                s -> s.getInstanceId().equals(A) && Long.valueOf(o6).equals(s.getReleaseOffset()));
      } finally {
        input.finish();
        a.stop(30);
        b.stop(30);
      }
    }
  }

  private static String coordinate(String topic, long offset) {
    return topic + "-0@" + offset;
  }

  private static Map<Integer, String> versionByInput(PipelineOutputs outputs) {
    Map<Integer, String> out = new TreeMap<>();
    for (PipelineOutputs.Received<SentimentResult> r : outputs.sentiments()) {
      out.put(SteadyProducer.index(r.value().getEventId()), r.value().getModelVersion());
    }
    return out;
  }

  private static Set<String> versions(Map<Integer, String> byInput, int from, int to) {
    return byInput.entrySet().stream()
        .filter(e -> e.getKey() >= from && e.getKey() < to)
        .map(Map.Entry::getValue)
        .collect(Collectors.toSet());
  }

  private static Predicate<ModelStatus> serving(
      String instance, RolloutBundles.Stored bundle, long offset) {
    return StatusLog.of(instance, ModelState.SERVING, bundle.version())
        .and(s -> Long.valueOf(offset).equals(s.getReleaseOffset()));
  }

  private static Predicate<ModelStatus> retired(
      String instance, RolloutBundles.Stored bundle, long offset) {
    return StatusLog.of(instance, ModelState.RETIRED, bundle.version())
        .and(s -> Long.valueOf(offset).equals(s.getReleaseOffset()));
  }

  private static Predicate<ModelStatus> rejected(String instance, RolloutBundles.Stored bundle) {
    return StatusLog.of(instance, ModelState.REJECTED, bundle.version());
  }

  private static ModelStatus awaitStatus(
      StatusLog statuses, Predicate<ModelStatus> wanted, ProcessorProcess a, ProcessorProcess b) {
    return statuses
        .await(wanted, PHASE)
        .orElseThrow(
            () ->
                new AssertionError(
                    "expected a status that did not come; statuses:\n"
                        + statuses.describe()
                        + "A: "
                        + a.outputTail()
                        + "\nB: "
                        + b.outputTail()));
  }

  /** Waits until {@code count} inputs from index {@code from} on have both results. */
  private static void awaitResults(
      PipelineOutputs outputs,
      SteadyProducer input,
      int from,
      int count,
      ProcessorProcess a,
      ProcessorProcess b) {
    boolean done =
        outputs.pollUntil(
            () -> {
              input.check();
              if (count == 0) {
                return outputs.sentimentCountsByEventId().size() >= input.sent()
                    && outputs.entityCountsByEventId().size() >= input.sent();
              }
              long have =
                  outputs.sentimentCountsByEventId().keySet().stream()
                      .filter(id -> SteadyProducer.index(id) >= from)
                      .filter(id -> outputs.entityCountsByEventId().containsKey(id))
                      .count();
              return have >= count;
            },
            PHASE,
            count == 0 ? Duration.ofSeconds(3) : Duration.ZERO);
    assertThat(done)
        .as(
            "results for %d inputs from #%d; A: %s%nB: %s",
            count, from, a.outputTail(), b.outputTail())
        .isTrue();
  }

  private Map<String, String> childConfig(
      PipelineTopics topics, RolloutBundles bundles, String instance) {
    Map<String, String> c =
        RolloutInstanceConfig.of(
            broker,
            registry,
            topics,
            bundles,
            "rollout-it-" + topics.input(),
            instance,
            workDir.resolve("state-" + instance));
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "16");
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "100");
    return c;
  }

  private static List<String> jvm() {
    return List.of("-Xmx640m");
  }

  /** Sends text events at a steady 25 per second until finished. */
  private final class SteadyProducer extends Thread {
    private final String topic;
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<String>> idsPerKey = new LinkedHashMap<>();
    private final List<String> texts = SampleTexts.take(2_000);
    private volatile boolean finished;
    private volatile Throwable failure;

    SteadyProducer(String topic) {
      super("rollout-it-input");
      setDaemon(true);
      this.topic = topic;
    }

    static int index(String id) {
      return Integer.parseInt(id.substring(2));
    }

    @Override
    public void run() {
      try (TextEventProducer producer =
          new TextEventProducer(broker.bootstrapServers(), topic, registryClient)) {
        Instant base = Instant.now();
        for (int i = 0; !finished; i++) {
          String id = String.format("r-%06d", i);
          String key = "key-" + (i % KEYS);
          synchronized (idsPerKey) {
            idsPerKey.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
          }
          ids.add(id);
          producer.send(
              key, TextEventProducer.event(id, texts.get(i % texts.size()), base.plusMillis(i)));
          producer.flush();
          sent.incrementAndGet();
          Thread.sleep(40);
        }
      } catch (Throwable t) {
        failure = t;
      }
    }

    /** Inputs sent (and acknowledged) so far. */
    int sent() {
      return sent.get();
    }

    void check() {
      if (failure != null) {
        throw new AssertionError("the input producer failed", failure);
      }
    }

    void finish() throws InterruptedException {
      finished = true;
      join(30_000);
      check();
    }

    List<String> ids() {
      synchronized (ids) {
        return List.copyOf(ids);
      }
    }

    Map<String, List<String>> idsPerKey() {
      synchronized (idsPerKey) {
        return new LinkedHashMap<>(idsPerKey);
      }
    }
  }
}
