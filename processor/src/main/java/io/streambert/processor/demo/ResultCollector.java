package io.streambert.processor.demo;

import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads both result topics (committed results only, as any downstream consumer under exactly-once
 * should) and hands over each event's pair of results once both have arrived.
 */
final class ResultCollector implements AutoCloseable {

  /** Both results of one event. */
  record Pair(SentimentResult sentiment, EntityResult entities) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String sentimentTopic;
  private final Deserializer<SentimentResult> sentimentSerde;
  private final Deserializer<EntityResult> entitySerde;
  private final Map<String, SentimentResult> sentiment = new HashMap<>();
  private final Map<String, EntityResult> entities = new HashMap<>();

  ResultCollector(
      String bootstrap,
      SchemaRegistryClient registry,
      String sentimentTopic,
      String entitiesTopic,
      String run) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "streambert-demo-" + run);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.sentimentTopic = sentimentTopic;
    this.sentimentSerde =
        AvroSerdes.specific(SentimentResult.class, registry, false).deserializer();
    this.entitySerde = AvroSerdes.specific(EntityResult.class, registry, false).deserializer();
    consumer.subscribe(List.of(sentimentTopic, entitiesTopic));
  }

  /**
   * Waits until the consumer has its partitions (and so its starting offsets), so no result of an
   * event sent afterwards can be missed.
   */
  void awaitAssignment(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.assignment().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "expected the result topics' partitions within " + timeout + ", found none assigned");
      }
      consumer.poll(Duration.ofMillis(100));
    }
    consumer.assignment().forEach(consumer::position);
  }

  /** Polls once; {@code complete} gets each event id whose two results are both in. */
  void poll(Duration timeout, BiConsumer<String, Pair> complete) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      String id;
      if (r.topic().equals(sentimentTopic)) {
        SentimentResult s = sentimentSerde.deserialize(r.topic(), r.value());
        id = s.getEventId();
        sentiment.put(id, s);
      } else {
        EntityResult e = entitySerde.deserialize(r.topic(), r.value());
        id = e.getEventId();
        entities.put(id, e);
      }
      if (sentiment.containsKey(id) && entities.containsKey(id)) {
        complete.accept(id, new Pair(sentiment.remove(id), entities.remove(id)));
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
