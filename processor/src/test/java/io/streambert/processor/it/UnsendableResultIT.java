package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.StreambertApp;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.it.PipelineOutputs.Received;
import io.streambert.processor.testing.FakeTextModel;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One input record whose results the broker refuses (the opening case of issue 17: the stream
 * thread went into a replace-and-retry loop for minutes, every later record of the partition
 * waiting behind it, until the processor exited): the record is dead-lettered with its reason and
 * the records after it on the same partition are processed within seconds.
 */
class UnsendableResultIT {

  /** The sentiment topic accepts record batches up to this size; the poison's key is larger. */
  private static final int SENTIMENT_MAX_MESSAGE_BYTES = 2_048;

  private static final Duration WITHIN = Duration.ofSeconds(60);

  private final KafkaBroker broker = SharedBroker.get();
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private Path stateDir;

  @BeforeEach
  void start() throws Exception {
    registry = new MiniSchemaRegistry().start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    stateDir = Files.createTempDirectory("unsendable-it-");
  }

  @AfterEach
  void stop() {
    registry.close();
    ItFiles.deleteRecursively(stateDir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"exactly_once_v2", "at_least_once"})
  void shouldDeadLetterARecordWhoseResultTheBrokerRefusesAndGoOn(String guarantee)
      throws Exception {
    PipelineTopics topics = PipelineTopics.unique("unsendable-" + guarantee.charAt(0));
    broker.createTopics(1, topics.input(), topics.entities(), topics.deadLetter());
    broker.createTopic(
        topics.sentiment(),
        1,
        Map.of("max.message.bytes", String.valueOf(SENTIMENT_MAX_MESSAGE_BYTES)));
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    List<String> goodIds = new ArrayList<>();
    RecordMetadata poison;

    try (StreambertApp app =
            StreambertApp.create(
                config(topics, guarantee), new FakeTextModel("v1"), registryClient);
        PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient);
        TextEventProducer producer =
            new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient)) {
      app.start();
      for (int i = 0; i < 5; i++) {
        goodIds.add(send(producer, "good-" + i, "key-" + i, base.plusMillis(i)));
      }
      String hugeKey = "k".repeat(SENTIMENT_MAX_MESSAGE_BYTES + 1_000);
      poison =
          producer.send(hugeKey, TextEventProducer.event("poison", "A fine text.", base)).get();
      // Results carry the event time; the topic accepts timestamps at most an hour ahead (Kafka
      // 4's default message.timestamp.after.max.ms). The input record itself is stamped now.
      RecordMetadata future =
          producer.sendRaw(
              "key-future",
              producer.serialize(
                  TextEventProducer.event(
                      "future", "A fine text.", Instant.parse("2999-01-01T00:00:00Z"))));
      for (int i = 5; i < 10; i++) {
        goodIds.add(send(producer, "good-" + i, "key-" + i, base.plusMillis(i)));
      }
      producer.flush();

      boolean done =
          outputs.pollUntil(
              () ->
                  outputs.sentimentCountsByEventId().keySet().containsAll(goodIds)
                      && outputs.entityCountsByEventId().keySet().containsAll(goodIds)
                      && outputs.deadLetters().size() >= 2,
              WITHIN,
              Duration.ofSeconds(2));

      assertThat(done)
          .as(
              "within %s: sentiment for %s, entities for %s, dead letters %s; streams %s",
              WITHIN,
              outputs.sentimentCountsByEventId().keySet(),
              outputs.entityCountsByEventId().keySet(),
              outputs.deadLetters().size(),
              app.state())
          .isTrue();
      assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(outputs.deadLetters()).hasSize(2);
      Received<DeadLetter> tooLarge = outputs.deadLetters().get(0);
      assertThat(tooLarge.value().getOffset()).isEqualTo(poison.offset());
      assertThat(tooLarge.headers())
          .containsEntry(PipelineOutputs.DEAD_LETTER_REASON_HEADER, "RESULT_REJECTED");
      assertThat(tooLarge.value().getMessage())
          .contains(topics.sentiment())
          .contains("max.message.bytes");
      Received<DeadLetter> tooLate = outputs.deadLetters().get(1);
      assertThat(tooLate.value().getOffset()).isEqualTo(future.offset());
      assertThat(tooLate.value().getMessage()).contains("in the future");
      // Never both: no result of a dead-lettered record reached an output.
      assertThat(outputs.sentimentCountsByEventId()).doesNotContainKeys("poison", "future");
      assertThat(outputs.entityCountsByEventId()).doesNotContainKeys("poison", "future");
    }
  }

  private static String send(TextEventProducer producer, String id, String key, Instant at) {
    producer.send(key, TextEventProducer.event(id, "Good news from Alice.", at));
    return id;
  }

  private ProcessorConfig config(PipelineTopics topics, String guarantee) {
    return topics.fakeModelConfig(
        broker.bootstrapServers(), registry.url(), stateDir, "unsendable-", guarantee, 4);
  }
}
