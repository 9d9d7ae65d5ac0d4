package io.streambert.processor.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain byte-array producers and consumers configured for a test broker. */
public final class KafkaClients {

  private KafkaClients() {}

  /** Returns an idempotent producer of raw bytes with {@code acks=all}. */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    return new KafkaProducer<>(
        producerConfig(bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Returns a transactional producer of raw bytes; the caller calls {@code initTransactions}. */
  public static KafkaProducer<byte[], byte[]> transactionalProducer(
      String bootstrapServers, String transactionalId) {
    Map<String, Object> config = producerConfig(bootstrapServers);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Returns a consumer of raw bytes in a fresh group, reading from the earliest offset and seeing
   * only committed transactional records.
   */
  public static KafkaConsumer<byte[], byte[]> readCommittedConsumer(String bootstrapServers) {
    return consumer(bootstrapServers, "read_committed");
  }

  /** Returns a consumer of raw bytes in a fresh group with the given isolation level. */
  public static KafkaConsumer<byte[], byte[]> consumer(
      String bootstrapServers, String isolationLevel) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Polls {@code topics} until at least {@code expected} records arrived or {@code timeout} passed,
   * then keeps polling for {@code settle} to catch any surplus (duplicates).
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAtLeast(
      KafkaConsumer<byte[], byte[]> consumer,
      Collection<String> topics,
      int expected,
      Duration timeout,
      Duration settle) {
    consumer.subscribe(topics);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records.size() < expected && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    long settleUntil = System.nanoTime() + settle.toNanos();
    while (System.nanoTime() < settleUntil) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  private static Map<String, Object> producerConfig(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return config;
  }
}
