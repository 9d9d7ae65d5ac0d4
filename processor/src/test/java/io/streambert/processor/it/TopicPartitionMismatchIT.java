package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streambert.processor.StreambertApp;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.testing.FakeTextModel;
import io.streambert.processor.testing.InMemorySchemaRegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the operator review found on a real broker: an input topic grown without its batch-buffer
 * changelog made the processor replace its stream thread forever. Kafka Streams reports it only at
 * the rebalance, so a unit test cannot show that the real failure reaches the handler as fatal.
 */
class TopicPartitionMismatchIT {

  private final KafkaBroker broker = SharedBroker.get();
  private final PipelineTopics topics = PipelineTopics.unique("mismatch-it");
  private final String applicationId = "mismatch-it-" + topics.input();
  private Path stateDir;

  @AfterEach
  void deleteState() {
    if (stateDir != null) {
      ItFiles.deleteRecursively(stateDir);
    }
  }

  private ProcessorConfig config() {
    Map<String, Object> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, applicationId);
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1");
    c.put(ProcessorConfig.MODEL_BUNDLE_PATH, "unused");
    c.put(ProcessorConfig.STATE_DIR, stateDir.toString());
    c.put(ProcessorConfig.HTTP_PORT, "-1");
    return ProcessorConfig.of(c);
  }

  @Test
  void shouldStopInErrorWhenOnlyTheInputTopicGotMorePartitions() throws Exception {
    stateDir = Files.createTempDirectory("mismatch-it-state-");
    topics.create(broker, 2);
    try (Admin admin = broker.admin()) {
      // Given a processor that ran once, so the changelog exists with 2 partitions, and left the
      // group on its graceful close.
      try (StreambertApp app =
          StreambertApp.create(
              config(), new FakeTextModel("v1"), new InMemorySchemaRegistryClient())) {
        app.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> app.state() == KafkaStreams.State.RUNNING);
      }
      assertThat(
              admin
                  .describeConsumerGroups(java.util.List.of(applicationId))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get(applicationId)
                  .members())
          .as("members right after a graceful close")
          .isEmpty();

      // When only the input topic grows.
      admin
          .createPartitions(Map.of(topics.input(), NewPartitions.increaseTo(3)))
          .all()
          .get(30, TimeUnit.SECONDS);

      // Then the next start fails for good instead of replacing its stream thread forever.
      try (StreambertApp app =
          StreambertApp.create(
              config(), new FakeTextModel("v1"), new InMemorySchemaRegistryClient())) {
        app.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.ERROR);
        assertThat(app.health().ok()).isFalse();
      }
    }
  }
}
