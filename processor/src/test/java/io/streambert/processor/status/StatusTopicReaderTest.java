package io.streambert.processor.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StatusTopicReaderTest {

  private static final String TOPIC = "model-status";

  @Test
  void shouldWaitForTheTopicThenReadItFromTheBeginningUntilClosed() {
    // Given a status topic that does not exist yet
    MockConsumer<String, ModelStatus> consumer = new MockConsumer<>("earliest");
    InstanceStatuses statuses = new InstanceStatuses();
    StatusTopicReader reader = new StatusTopicReader(consumer, TOPIC, statuses);
    reader.start();

    // When it appears with a record at its first offset
    TopicPartition p0 = new TopicPartition(TOPIC, 0);
    consumer.updateBeginningOffsets(Map.of(p0, 0L));
    consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.assignment().contains(p0));
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "a", serving("a", "v1")));

    // Then the reader takes it in, and closing closes the consumer
    await().atMost(Duration.ofSeconds(10)).until(() -> statuses.instances().size() == 1);
    assertThat(statuses.instances().get(0).servingVersion()).isEqualTo("v1");
    reader.close();
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void shouldCloseTheConsumerOfAReaderNeverStarted() {
    MockConsumer<String, ModelStatus> consumer = new MockConsumer<>("earliest");

    new StatusTopicReader(consumer, TOPIC, new InstanceStatuses()).close();

    assertThat(consumer.closed()).isTrue();
  }

  private static ModelStatus serving(String instance, String version) {
    return ModelStatus.newBuilder()
        .setInstanceId(instance)
        .setModelVersion(version)
        .setState(ModelState.SERVING)
        .setAt(Instant.ofEpochMilli(5))
        .build();
  }
}
