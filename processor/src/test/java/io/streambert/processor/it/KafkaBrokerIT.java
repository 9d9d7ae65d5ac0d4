package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Checks that the test broker delivers records and honours transactions on a single node. */
class KafkaBrokerIT {

  private final KafkaBroker broker = SharedBroker.get();

  @Test
  void shouldDeliverProducedRecordsInOrderPerPartition() throws Exception {
    // Given
    String topic = "broker-it-plain-" + UUID.randomUUID();
    broker.createTopics(1, topic);

    // When
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaClients.producer(broker.bootstrapServers())) {
      for (int i = 0; i < 50; i++) {
        producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("v" + i))).get();
      }
    }

    // Then
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.readCommittedConsumer(broker.bootstrapServers())) {
      List<ConsumerRecord<byte[], byte[]>> records =
          KafkaClients.readAtLeast(
              consumer, List.of(topic), 50, Duration.ofSeconds(30), Duration.ZERO);
      assertThat(records).extracting(r -> text(r.value())).containsExactly(expectedValues(50));
    }
  }

  @Test
  void shouldShowOnlyCommittedTransactionsToReadCommittedConsumers() {
    // Given
    String topic = "broker-it-tx-" + UUID.randomUUID();
    broker.createTopics(2, topic);

    // When: one committed, one aborted, one committed transaction
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaClients.transactionalProducer(broker.bootstrapServers(), "broker-it-" + topic)) {
      producer.initTransactions();
      sendInTransaction(producer, topic, "committed-1", true);
      sendInTransaction(producer, topic, "aborted", false);
      sendInTransaction(producer, topic, "committed-2", true);
    }

    // Then
    try (KafkaConsumer<byte[], byte[]> committed =
            KafkaClients.consumer(broker.bootstrapServers(), "read_committed");
        KafkaConsumer<byte[], byte[]> uncommitted =
            KafkaClients.consumer(broker.bootstrapServers(), "read_uncommitted")) {
      assertThat(
              KafkaClients.readAtLeast(
                  committed, List.of(topic), 20, Duration.ofSeconds(30), Duration.ofSeconds(1)))
          .extracting(r -> text(r.value()).replaceAll("-\\d+$", ""))
          .containsOnly("committed-1", "committed-2")
          .hasSize(20);
      assertThat(
              KafkaClients.readAtLeast(
                  uncommitted, List.of(topic), 30, Duration.ofSeconds(30), Duration.ZERO))
          .hasSize(30);
    }
  }

  private static void sendInTransaction(
      KafkaProducer<byte[], byte[]> producer, String topic, String prefix, boolean commit) {
    producer.beginTransaction();
    for (int i = 0; i < 10; i++) {
      producer.send(new ProducerRecord<>(topic, bytes("key-" + i), bytes(prefix + "-" + i)));
    }
    producer.flush();
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  private static String[] expectedValues(int count) {
    String[] values = new String[count];
    for (int i = 0; i < count; i++) {
      values[i] = "v" + i;
    }
    return values;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
