package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.testing.TestBundles;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the schema registry mid-run for longer than the processor's transaction timeout, and in a
 * second case longer than its {@code max.poll.interval.ms}, while the stream thread holds a record
 * it cannot decode with its transaction open and records keep arriving: {@code /ready} is 503 for
 * the whole outage, and once the registry is back the instance recovers by itself and every input
 * has exactly one sentiment and one entity result, none dead-lettered.
 */
class LongRegistryOutageIT {

  private static final Logger LOG = LoggerFactory.getLogger(LongRegistryOutageIT.class);
  private static final int KEYS = 7;

  /**
   * Longer than both limits with room: the broker looks for timed-out transactions every 10 s
   * ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms}), so it aborts one 10 to
   * 20 s after it began.
   */
  private static final Duration OUTAGE = Duration.ofSeconds(28);

  private static final Duration SEND_EVERY = Duration.ofMillis(500);
  private static final String REGISTRY_DOWN = "schema registry unreachable";

  /**
   * What the outage outlasts, the pass-through keys that make it short, and the cause of the {@code
   * TaskMigratedException} with which Kafka Streams finds out once the stream thread goes on.
   */
  enum Limit {
    /**
     * The broker aborts the open transaction after 10 s (Kafka Streams' own default under
     * exactly-once, set so the case does not rest on it); the poll interval stays 5 minutes.
     */
    TRANSACTION_TIMEOUT(
        Map.of("kafka.transaction.timeout.ms", "10000"), InvalidProducerEpochException.class),
    /**
     * The consumer leaves the group after 15 s without a poll; the transaction may stay open for 60
     * s, longer than the outage.
     */
    MAX_POLL_INTERVAL(
        Map.of("kafka.max.poll.interval.ms", "15000", "kafka.transaction.timeout.ms", "60000"),
        CommitFailedException.class);

    private final Map<String, String> overrides;
    private final Class<? extends Exception> fencedBy;

    Limit(Map<String, String> overrides, Class<? extends Exception> fencedBy) {
      this.overrides = overrides;
      this.fencedBy = fencedBy;
    }
  }

  private final KafkaBroker broker = SharedBroker.get();
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private Path workDir;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = new MiniSchemaRegistry(KafkaBroker.freePort()).start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    workDir = Files.createTempDirectory("long-registry-outage-it-");
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
    ItFiles.deleteRecursively(workDir);
  }

  @ParameterizedTest
  @EnumSource(Limit.class)
  void shouldRecoverByItselfAfterARegistryOutageLongerThanTheLimitAndLoseNothing(Limit limit)
      throws Exception {
    PipelineTopics topics = PipelineTopics.unique("long-registry-outage-it").create(broker, 2);
    // A newer compatible writer schema: its first record makes the stream thread fetch it.
    Schema v2 = RegistryOutageIT.withChannelField(TextEvent.getClassSchema());
    int v2Id = registryClient.register(topics.input() + "-value", v2);
    int httpPort = KafkaBroker.freePort();
    Path log =
        Files.createDirectories(Path.of("target", "it-logs")).resolve(topics.input() + ".log");
    Map<String, String> config = config(topics, httpPort);
    config.putAll(limit.overrides);
    List<String> texts = SampleTexts.take(200);
    List<String> ids = new ArrayList<>();
    Instant base = Instant.now();

    try (TextEventProducer events =
            new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient);
        KafkaProducer<byte[], byte[]> raw = KafkaClients.producer(broker.bootstrapServers());
        PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient);
        ProcessorProcess child = ProcessorProcess.start(config, log, List.of("-Xmx768m"))) {
      OutageChecks.awaitReady(child, httpPort, "200 OK");
      // Processed before the outage: the input schema and the results' schemas are known.
      for (int i = 0; i < 2 * KEYS; i++) {
        String id = String.format("before-%03d", i);
        ids.add(id);
        events.send("key-" + i % KEYS, TextEventProducer.event(id, texts.get(ids.size()), base));
      }
      events.flush();
      OutageChecks.awaitResults(outputs, child, ids, Duration.ofMinutes(2));
      registry.close();
      long downAt = System.nanoTime();
      // Per key two records the processor can decode (buffered, so the batch-buffer changelog
      // write opens the transaction), then one it cannot: the stream thread holds that one with
      // the transaction open. One producer flush, so a partition's records come in one fetch.
      int sent = 0;
      for (int k = 0; k < KEYS; k++) {
        for (int j = 0; j < 2; j++) {
          String id = String.format("held-%03d", sent++);
          ids.add(id);
          send(raw, topics, "key-" + k, v1(events, id, texts.get(ids.size() % 200), base));
        }
        String id = String.format("held-%03d", sent++);
        ids.add(id);
        send(
            raw,
            topics,
            "key-" + k,
            RegistryOutageIT.v2Value(v2, v2Id, id, texts.get(ids.size() % 200), base));
      }
      raw.flush();

      // Records keep arriving for the whole outage (every fifth one with the newer schema), and
      // /ready is asked with each: once it has named the registry (the stream thread holds the
      // record), it must never be ready again before the registry is back.
      int samples = 0;
      long heldAtMs = -1;
      for (int i = 0; System.nanoTime() - downAt < OUTAGE.toNanos(); i++) {
        String id = String.format("during-%03d", i);
        ids.add(id);
        String text = texts.get(ids.size() % 200);
        byte[] value =
            i % 5 == 4
                ? RegistryOutageIT.v2Value(v2, v2Id, id, text, base)
                : v1(events, id, text, base);
        send(raw, topics, "key-" + i % KEYS, value);
        raw.flush();
        String answer = OutageChecks.ready(httpPort);
        if (heldAtMs < 0 && answer.contains(REGISTRY_DOWN)) {
          heldAtMs = elapsedMs(downAt);
        }
        if (heldAtMs >= 0) {
          samples++;
          assertThat(answer)
              .as(
                  "/ready %d ms into the outage; output:%n%s",
                  elapsedMs(downAt), child.outputTail())
              .startsWith("503 NOT OK");
        }
        Thread.sleep(SEND_EVERY.toMillis());
      }
      assertThat(heldAtMs)
          .as("ms into the outage until /ready named the registry; output:%n%s", child.outputTail())
          .isNotNegative();
      assertThat(child.isAlive()).as("processor alive; output:%n%s", child.outputTail()).isTrue();

      registry.start();
      long upAt = System.nanoTime();
      long outageMs = elapsedMs(downAt);
      OutageChecks.awaitResults(outputs, child, ids, Duration.ofMinutes(3));
      long recoveredMs = elapsedMs(upAt);
      OutageChecks.awaitReady(child, httpPort, "200 OK");
      long readyMs = elapsedMs(upAt);
      // Duplicates would come after the last first result: read on a little longer.
      outputs.pollUntil(() -> false, Duration.ZERO, Duration.ofSeconds(3));
      assertThat(child.isAlive()).as("processor alive; output:%n%s", child.outputTail()).isTrue();

      Map<String, Integer> sentiment = outputs.sentimentCountsByEventId();
      Map<String, Integer> entities = outputs.entityCountsByEventId();
      long lost =
          ids.stream()
              .filter(id -> !sentiment.containsKey(id) || !entities.containsKey(id))
              .count();
      long duplicated =
          surplus(sentiment.values().stream().toList())
              + surplus(entities.values().stream().toList());
      LOG.info(
          "long registry outage ({}) figures: produced {}, outage {} ms, held from {} ms on, {}"
              + " /ready samples after that all 503, sentiment {}, entities {}, dead letters {}, lost"
              + " {}, duplicated {}, all results {} ms and ready {} ms after the registry came"
              + " back; processor log {}",
          limit,
          ids.size(),
          outageMs,
          heldAtMs,
          samples,
          outputs.sentiments().size(),
          outputs.entities().size(),
          outputs.deadLetters().size(),
          lost,
          duplicated,
          recoveredMs,
          readyMs,
          log.toAbsolutePath());
      child.stop(30);

      // The outage did outlast the limit: the stream thread was fenced when it went on, and Kafka
      // Streams closed its tasks and rejoined by itself (no thread died and was replaced).
      String childLog = Files.readString(log);
      assertThat(childLog)
          .as("processor log %s", log)
          .contains(TaskMigratedException.class.getSimpleName())
          .contains(limit.fencedBy.getSimpleName())
          .doesNotContain("Stream thread died");
      Map<String, Integer> once = ids.stream().collect(Collectors.toMap(id -> id, id -> 1));
      assertThat(outputs.deadLetters()).isEmpty();
      assertThat(sentiment).isEqualTo(once);
      assertThat(entities).isEqualTo(once);
    }
  }

  private static void send(
      KafkaProducer<byte[], byte[]> raw, PipelineTopics topics, String key, byte[] value) {
    raw.send(new ProducerRecord<>(topics.input(), key.getBytes(StandardCharsets.UTF_8), value));
  }

  /** A framed v1 value; the serializer has its schema id cached, so the registry may be down. */
  private static byte[] v1(TextEventProducer events, String id, String text, Instant time) {
    return events.serialize(TextEventProducer.event(id, text, time));
  }

  private static long surplus(List<Integer> counts) {
    return counts.stream().mapToLong(c -> c - 1).sum();
  }

  private static long elapsedMs(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1_000_000;
  }

  private Map<String, String> config(PipelineTopics topics, int httpPort) {
    Map<String, String> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, "long-registry-outage-it-" + topics.input());
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registry.url());
    c.put(
        ProcessorConfig.MODEL_BUNDLE_PATH,
        TestBundles.miniLmBothTasks().directory().toAbsolutePath().toString());
    c.put(ProcessorConfig.STATE_DIR, workDir.resolve("state").toString());
    c.put(ProcessorConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "8");
    // Long enough that the records before the held one are still buffered, uncommitted, when the
    // stream thread reaches it.
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "1000");
    c.put(ProcessorConfig.HTTP_HOST, "127.0.0.1");
    c.put(ProcessorConfig.HTTP_PORT, String.valueOf(httpPort));
    return c;
  }
}
