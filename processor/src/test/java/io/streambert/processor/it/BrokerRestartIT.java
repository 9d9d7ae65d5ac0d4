package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.StreambertApp;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.testing.FakeTextModel;
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
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the broker in the middle of a stream (SIGTERM, or SIGKILL), restarts it after a pause on
 * the same port and data folder, and checks that the processor reconnected by itself: every input
 * has exactly one result per task under exactly-once, at least one under at-least-once, and nothing
 * was dead-lettered.
 */
class BrokerRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);
  private static final int RECORDS = 240;
  private static final Duration PAUSE = Duration.ofSeconds(5);

  private KafkaBroker broker;
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private Path stateDir;

  @BeforeEach
  void start() throws Exception {
    broker = KafkaBroker.start();
    registry = new MiniSchemaRegistry().start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    stateDir = Files.createTempDirectory("broker-restart-it-");
  }

  @AfterEach
  void stop() {
    registry.close();
    broker.close();
    ItFiles.deleteRecursively(stateDir);
  }

  @ParameterizedTest(name = "{0} under {1}")
  @CsvSource({"SIGKILL, exactly_once_v2"})
  void shouldReconnectAfterTheBrokerRestartsAndLoseNothing(String signal, String guarantee)
      throws Exception {
    runRestart(signal, guarantee);
  }

  @ParameterizedTest(name = "{0} under {1}")
  @CsvSource({"SIGTERM, exactly_once_v2", "SIGTERM, at_least_once", "SIGKILL, at_least_once"})
  @Tag("slow")
  void shouldReconnectAfterTheBrokerRestartsAndLoseNothingOtherCombinations(
      String signal, String guarantee) throws Exception {
    runRestart(signal, guarantee);
  }

  private void runRestart(String signal, String guarantee) throws Exception {
    PipelineTopics topics = PipelineTopics.unique("restart").create(broker, 3);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      ids.add(String.format("restart-%05d", i));
    }
    AtomicInteger sent = new AtomicInteger();
    Thread producer = producer(topics, ids, sent);

    try (StreambertApp app =
            StreambertApp.create(
                config(topics, guarantee), new FakeTextModel("v1"), registryClient);
        PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient)) {
      app.start();
      producer.start();
      boolean started =
          outputs.pollUntil(
              () -> outputs.sentimentCountsByEventId().size() >= RECORDS / 4,
              Duration.ofMinutes(2),
              Duration.ZERO);
      assertThat(started).as("results before the broker stops").isTrue();
      int before = outputs.sentimentCountsByEventId().size();

      broker.stop(signal.equals("SIGKILL"));
      Thread.sleep(PAUSE.toMillis());
      broker.restart();
      LOG.info(
          "broker restarted after {} with {} results and {} records sent",
          signal,
          before,
          sent.get());

      boolean complete =
          outputs.pollUntil(
              () ->
                  sent.get() == RECORDS
                      && outputs.sentimentCountsByEventId().keySet().containsAll(ids)
                      && outputs.entityCountsByEventId().keySet().containsAll(ids),
              Duration.ofMinutes(4),
              Duration.ofSeconds(3));
      producer.join(10_000);

      assertThat(complete)
          .as(
              "after the restart: %d/%d sent, %d/%d sentiment, %d/%d entities; streams %s",
              sent.get(),
              RECORDS,
              outputs.sentimentCountsByEventId().size(),
              RECORDS,
              outputs.entityCountsByEventId().size(),
              RECORDS,
              app.state())
          .isTrue();
      assertThat(before).as("the broker stopped mid-stream").isLessThan(RECORDS);
      assertThat(app.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
      assertThat(outputs.deadLetters()).isEmpty();
      if (guarantee.equals("exactly_once_v2")) {
        assertThat(outputs.sentimentCountsByEventId().values()).allMatch(n -> n == 1);
        assertThat(outputs.entityCountsByEventId().values()).allMatch(n -> n == 1);
      }
      int duplicated =
          outputs.sentimentCountsByEventId().values().stream().mapToInt(n -> n - 1).sum();
      LOG.info(
          "broker {} under {}: {} produced, {} results, 0 lost, {} duplicated",
          signal,
          guarantee,
          RECORDS,
          outputs.sentiments().size(),
          duplicated);
    }
  }

  /** Sends {@code ids} at about 40 records/s; its sends wait out the broker's absence. */
  private Thread producer(PipelineTopics topics, List<String> ids, AtomicInteger sent) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    TextEventProducer serializer =
        new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient);
    Thread thread =
        new Thread(
            () -> {
              Instant base = Instant.parse("2026-01-01T00:00:00Z");
              try (KafkaProducer<byte[], byte[]> producer =
                  new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < ids.size(); i++) {
                  byte[] value =
                      serializer.serialize(
                          TextEventProducer.event(ids.get(i), "Good news from Alice.", base));
                  producer
                      .send(
                          new ProducerRecord<>(
                              topics.input(),
                              ("key-" + (i % 11)).getBytes(StandardCharsets.UTF_8),
                              value))
                      .get();
                  sent.incrementAndGet();
                  Thread.sleep(25);
                }
              } catch (Exception e) {
                LOG.error("producer failed after {} records", sent.get(), e);
              } finally {
                serializer.close();
              }
            },
            "restart-it-producer");
    thread.setDaemon(true);
    return thread;
  }

  private ProcessorConfig config(PipelineTopics topics, String guarantee) {
    return topics.fakeModelConfig(
        broker.bootstrapServers(), registry.url(), stateDir, "restart-", guarantee, 8);
  }
}
