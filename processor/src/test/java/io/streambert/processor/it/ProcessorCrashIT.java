package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.testing.TestBundles;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills processor instances with SIGKILL at random moments while records stream in and restarts
 * them: one instance under {@code exactly_once_v2} (exactly one sentiment and one entity result per
 * input, in input order per key), and one of two instances in one group under each guarantee, where
 * the survivor takes over the victim's partitions (at least one result per input under {@code
 * at_least_once}, exactly one under {@code exactly_once_v2}). Seeds are logged.
 */
class ProcessorCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorCrashIT.class);
  private static final int KEYS = 31;

  private final KafkaBroker broker = SharedBroker.get();
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private Path workDir;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = new MiniSchemaRegistry().start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    workDir = Files.createTempDirectory("processor-crash-it-");
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
    ItFiles.deleteRecursively(workDir);
  }

  @Test
  void shouldEmitExactlyOneResultPerInputAfterRepeatedKillNine() throws Exception {
    runCrashScenario(300, 2, 25, 1);
  }

  @Test
  @Tag("slow")
  void shouldEmitExactlyOneResultPerInputAfterManyKillNinesWithTwoStreamThreads() throws Exception {
    runCrashScenario(3_000, 6, 80, 2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
  void shouldKeepEveryInputWhileOneOfTwoInstancesIsKilledAndTheOtherTakesOver(String guarantee)
      throws Exception {
    runTwoInstanceScenario(guarantee, 400, 3, 25);
  }

  private void runTwoInstanceScenario(
      String guarantee, int records, int kills, int recordsPerSecond) throws Exception {
    long seed = System.nanoTime();
    LOG.info(
        "two-instance crash scenario ({}): {} records, {} kills, {} records/s, seed {}",
        guarantee,
        records,
        kills,
        recordsPerSecond,
        seed);
    Random random = new Random(seed);
    int partitions = 4;
    PipelineTopics topics = PipelineTopics.unique("crash2-it").create(broker, partitions);
    ModelBundle bundle = TestBundles.miniLmBothTasks();
    List<Map<String, String>> configs = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      Map<String, String> c = childConfig(topics, bundle, 1);
      c.put(ProcessorConfig.PROCESSING_GUARANTEE, guarantee);
      c.put(ProcessorConfig.STATE_DIR, workDir.resolve("state-" + name).toString());
      c.put(ProcessorConfig.KAFKA_PREFIX + "group.instance.id", "crash-it-instance-" + name);
      configs.add(c);
    }
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));
    List<Path> logFiles =
        List.of(logs.resolve(topics.input() + "-a.log"), logs.resolve(topics.input() + "-b.log"));
    PacedProducer producer = new PacedProducer(topics, records, recordsPerSecond, kills + 1);
    ProcessorProcess[] instances = new ProcessorProcess[2];
    try (PipelineOutputs outputs =
        new PipelineOutputs(broker.bootstrapServers(), topics, registryClient)) {
      for (int i = 0; i < 2; i++) {
        instances[i] = ProcessorProcess.start(configs.get(i), logFiles.get(i), jvmArgs());
      }
      producer.start();
      List<Integer> committedAtKill = new ArrayList<>();
      for (int kill = 0; kill < kills; kill++) {
        // Phase `kill` streams in; the kill lands while both instances work on it.
        producer.allowPhase(kill);
        int phaseStart = producer.phaseEnd(kill - 1);
        boolean progressed =
            outputs.pollUntil(
                () -> resultsFrom(outputs, phaseStart) > 0 || !allAlive(instances),
                Duration.ofSeconds(120),
                Duration.ZERO);
        assertThat(allAlive(instances))
            .as("both instances alive before kill %d; %s", kill + 1, tails(instances))
            .isTrue();
        assertThat(progressed)
            .as("progress before kill %d; %s", kill + 1, tails(instances))
            .isTrue();
        outputs.pollUntil(() -> false, Duration.ofMillis(random.nextInt(3_000)), Duration.ZERO);
        int victim = random.nextInt(2);
        instances[victim].kill();
        committedAtKill.add(outputs.sentiments().size());
        LOG.info(
            "SIGKILL {} of {}: instance {}, {} results read, {} records produced",
            kill + 1,
            kills,
            victim == 0 ? "a" : "b",
            outputs.sentiments().size(),
            producer.sent());
        // Every record of the phases so far gets its results while the victim is down: the
        // survivor has taken over the victim's partitions, buffered records included.
        int phaseEnd = producer.phaseEnd(kill);
        List<String> due = producer.ids().subList(0, phaseEnd);
        ProcessorProcess survivor = instances[1 - victim];
        boolean tookOver =
            outputs.pollUntil(
                () ->
                    producer.sent() >= phaseEnd
                        && outputs.sentimentCountsByEventId().keySet().containsAll(due)
                        && outputs.entityCountsByEventId().keySet().containsAll(due),
                Duration.ofSeconds(90),
                Duration.ZERO);
        assertThat(tookOver)
            .as(
                "survivor's results for the first %d records after kill %d (%d sentiment);"
                    + " output:%n%s",
                phaseEnd,
                kill + 1,
                outputs.sentimentCountsByEventId().size(),
                survivor.outputTail())
            .isTrue();
        assertThat(partitionsWithResultsFrom(outputs, phaseStart)).isEqualTo(partitions);
        Path victimLog = logFiles.get(victim);
        long runningBefore = runningTransitions(victimLog);
        instances[victim] = ProcessorProcess.start(configs.get(victim), victimLog, jvmArgs());
        // The next kill finds two working instances, not one still starting.
        ProcessorProcess restarted = instances[victim];
        boolean rejoined =
            outputs.pollUntil(
                () -> runningTransitions(victimLog) > runningBefore || !restarted.isAlive(),
                Duration.ofSeconds(120),
                Duration.ZERO);
        assertThat(rejoined && restarted.isAlive())
            .as(
                "restarted instance RUNNING after kill %d; output:%n%s",
                kill + 1, restarted.outputTail())
            .isTrue();
      }
      producer.allowPhase(kills);
      assertAllResults(outputs, producer, records, Duration.ofMinutes(3), () -> tails(instances));
      for (ProcessorProcess instance : instances) {
        instance.stop(30);
      }
      producer.join();

      assertThat(committedAtKill).hasSize(kills).allMatch(n -> n < records);
      assertThat(outputs.deadLetters()).isEmpty();
      Map<String, Integer> sentiment = outputs.sentimentCountsByEventId();
      Map<String, Integer> entity = outputs.entityCountsByEventId();
      assertThat(sentiment).containsOnlyKeys(producer.ids());
      assertThat(entity).containsOnlyKeys(producer.ids());
      long duplicated =
          sentiment.values().stream().mapToLong(n -> n - 1).sum()
              + entity.values().stream().mapToLong(n -> n - 1).sum();
      LOG.info(
          "two-instance crash figures ({}, seed {}): produced {}, sentiment results {}, entity"
              + " results {}, dead letters {}, lost 0, duplicated {}",
          guarantee,
          seed,
          records,
          outputs.sentiments().size(),
          outputs.entities().size(),
          outputs.deadLetters().size(),
          duplicated);
      if (guarantee.equals("exactly_once_v2")) {
        Map<String, Integer> once =
            producer.ids().stream().collect(Collectors.toMap(id -> id, id -> 1));
        assertThat(sentiment).isEqualTo(once);
        assertThat(entity).isEqualTo(once);
        assertThat(outputs.sentimentIdsPerKey()).isEqualTo(producer.idsPerKey());
      }
    } finally {
      for (ProcessorProcess instance : instances) {
        if (instance != null) {
          instance.close();
        }
      }
    }
  }

  /** Waits until every produced record has a committed result on both topics. */
  private static void assertAllResults(
      PipelineOutputs outputs,
      PacedProducer producer,
      int records,
      Duration timeout,
      Supplier<String> processOutput) {
    boolean complete =
        outputs.pollUntil(
            () ->
                producer.done()
                    && outputs.sentimentCountsByEventId().size() >= records
                    && outputs.entityCountsByEventId().size() >= records,
            timeout,
            Duration.ofSeconds(3));
    assertThat(complete)
        .as(
            "all results committed: %d/%d sentiment, %d/%d entity; output:%n%s",
            outputs.sentimentCountsByEventId().size(),
            records,
            outputs.entityCountsByEventId().size(),
            records,
            processOutput.get())
        .isTrue();
  }

  private static boolean allAlive(ProcessorProcess[] instances) {
    return Arrays.stream(instances).allMatch(ProcessorProcess::isAlive);
  }

  private static String tails(ProcessorProcess[] instances) {
    return Arrays.stream(instances)
        .map(ProcessorProcess::outputTail)
        .collect(Collectors.joining("\n---\n", "outputs:\n", ""));
  }

  /**
   * On how many partitions a sentiment result arrived for a record produced as number {@code
   * firstIndex} or later (ids are {@code crash-NNNNNN} by production order).
   */
  private static long partitionsWithResultsFrom(PipelineOutputs outputs, int firstIndex) {
    return outputs.sentiments().stream()
        .filter(r -> index(r.value().getEventId()) >= firstIndex)
        .map(PipelineOutputs.Received::partition)
        .distinct()
        .count();
  }

  /** How many sentiment results arrived for records produced as number {@code firstIndex} on. */
  private static long resultsFrom(PipelineOutputs outputs, int firstIndex) {
    return outputs.sentiments().stream()
        .filter(r -> index(r.value().getEventId()) >= firstIndex)
        .count();
  }

  /** How often Kafka Streams reached RUNNING in {@code log} (instances append to their log). */
  private static long runningTransitions(Path log) {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains("Kafka Streams state REBALANCING -> RUNNING")).count();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  private static int index(String eventId) {
    return Integer.parseInt(eventId.substring("crash-".length()));
  }

  private void runCrashScenario(int records, int kills, int recordsPerSecond, int streamThreads)
      throws Exception {
    long seed = System.nanoTime();
    LOG.info(
        "crash scenario: {} records, {} kills, {} records/s, seed {}",
        records,
        kills,
        recordsPerSecond,
        seed);
    Random random = new Random(seed);
    PipelineTopics topics = PipelineTopics.unique("crash-it").create(broker, 3);
    Map<String, String> config = childConfig(topics, TestBundles.miniLmBothTasks(), streamThreads);
    // Logs stay in target/it-logs after the test, for diagnosing a failure.
    Path log =
        Files.createDirectories(Path.of("target", "it-logs")).resolve(topics.input() + ".log");
    PacedProducer producer = new PacedProducer(topics, records, recordsPerSecond, kills + 1);

    try (PipelineOutputs outputs =
        new PipelineOutputs(broker.bootstrapServers(), topics, registryClient)) {
      producer.start();
      List<Integer> committedAtKill = new ArrayList<>();
      for (int kill = 0; kill < kills; kill++) {
        try (ProcessorProcess child = ProcessorProcess.start(config, log, jvmArgs())) {
          int before = outputs.sentiments().size();
          boolean progressed =
              outputs.pollUntil(
                  () -> outputs.sentiments().size() > before || !child.isAlive(),
                  Duration.ofSeconds(120),
                  Duration.ZERO);
          assertThat(child.isAlive())
              .as("processor alive before kill %d; output:%n%s", kill + 1, child.outputTail())
              .isTrue();
          assertThat(progressed)
              .as(
                  "processor made progress before kill %d; output:%n%s",
                  kill + 1, child.outputTail())
              .isTrue();
          outputs.pollUntil(() -> false, Duration.ofMillis(random.nextInt(3_000)), Duration.ZERO);
          child.kill();
          committedAtKill.add(outputs.sentiments().size());
          LOG.info(
              "SIGKILL {} of {}: {} results committed, {} records produced",
              kill + 1,
              kills,
              outputs.sentiments().size(),
              producer.sent());
        }
        producer.allowPhase(kill + 1);
      }

      try (ProcessorProcess child = ProcessorProcess.start(config, log, jvmArgs())) {
        assertAllResults(outputs, producer, records, Duration.ofMinutes(5), child::outputTail);
        child.stop(30);
      }
      producer.join();

      // The kills happened while input was still being processed, not after the work was done.
      assertThat(committedAtKill).hasSize(kills).allMatch(n -> n < records);
      Map<String, Integer> once =
          producer.ids().stream().collect(Collectors.toMap(id -> id, id -> 1));
      assertThat(outputs.sentimentCountsByEventId()).isEqualTo(once);
      assertThat(outputs.entityCountsByEventId()).isEqualTo(once);
      assertThat(outputs.deadLetters()).isEmpty();
      assertThat(outputs.sentimentIdsPerKey()).isEqualTo(producer.idsPerKey());
      assertThat(outputs.entityIdsPerKey()).isEqualTo(producer.idsPerKey());
    }
  }

  private Map<String, String> childConfig(
      PipelineTopics topics, ModelBundle bundle, int streamThreads) {
    Map<String, String> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, "crash-it-" + topics.input());
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registry.url());
    c.put(ProcessorConfig.MODEL_BUNDLE_PATH, bundle.directory().toAbsolutePath().toString());
    c.put(ProcessorConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
    c.put(ProcessorConfig.NUM_STREAM_THREADS, String.valueOf(streamThreads));
    c.put(ProcessorConfig.STATE_DIR, workDir.resolve("state").toString());
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "16");
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "100");
    c.put(ProcessorConfig.HTTP_PORT, "-1");
    // A restarted instance takes over its predecessor's partitions at once (static membership)
    // instead of waiting for the killed member's session to expire.
    c.put(ProcessorConfig.KAFKA_PREFIX + "group.instance.id", "crash-it-instance");
    c.put(ProcessorConfig.KAFKA_PREFIX + "session.timeout.ms", "10000");
    return c;
  }

  private static List<String> jvmArgs() {
    return List.of("-Xmx768m");
  }

  /**
   * Produces records at a steady rate on its own thread, releasing them in phases: phase k may
   * produce up to {@code (k + 1) / phases} of them, so every processor life gets fresh input.
   */
  private final class PacedProducer extends Thread {
    private final PipelineTopics topics;
    private final int records;
    private final long nanosPerRecord;
    private final int phases;
    private final AtomicInteger allowedPhase = new AtomicInteger(0);
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> ids = new ArrayList<>();
    private final List<String> texts;
    private final Map<String, List<String>> idsPerKey = new LinkedHashMap<>();
    private volatile Throwable failure;

    PacedProducer(PipelineTopics topics, int records, int recordsPerSecond, int phases) {
      super("crash-it-producer");
      setDaemon(true);
      this.topics = topics;
      this.records = records;
      this.nanosPerRecord = 1_000_000_000L / recordsPerSecond;
      this.phases = phases;
      this.texts = SampleTexts.take(records);
      for (int i = 0; i < records; i++) {
        String id = String.format("crash-%06d", i);
        ids.add(id);
        idsPerKey.computeIfAbsent("key-" + (i % KEYS), k -> new ArrayList<>()).add(id);
      }
    }

    @Override
    public void run() {
      Instant base = Instant.now();
      try (TextEventProducer producer =
          new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient)) {
        long next = System.nanoTime();
        for (int i = 0; i < records; i++) {
          while (i >= (long) records * (allowedPhase.get() + 1) / phases) {
            producer.flush();
            Thread.sleep(50);
          }
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          next += nanosPerRecord;
          producer.send(
              "key-" + (i % KEYS),
              TextEventProducer.event(ids.get(i), texts.get(i), base.plusMillis(i)));
          sent.incrementAndGet();
        }
        producer.flush();
      } catch (Throwable t) {
        failure = t;
      }
    }

    void allowPhase(int phase) {
      allowedPhase.set(phase);
    }

    /** How many records phases 0 to {@code phase} hold together (0 for phase -1). */
    int phaseEnd(int phase) {
      return (int) ((long) records * (phase + 1) / phases);
    }

    int sent() {
      return sent.get();
    }

    boolean done() {
      if (failure != null) {
        throw new AssertionError("producer failed", failure);
      }
      return sent.get() == records && !isAlive();
    }

    List<String> ids() {
      return ids;
    }

    Map<String, List<String>> idsPerKey() {
      return idsPerKey;
    }
  }
}
