package io.streambert.quickstart;

import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything on the demo's input and result topics, read from the beginning to the end offsets
 * (committed records only, as a downstream consumer under exactly-once reads them).
 */
record TopicContents(
    Map<String, Event> events,
    Map<String, SentimentResult> sentiment,
    Map<String, EntityResult> entities,
    Set<String> duplicates) {

  /** An input event: where it was and what it said. */
  record Event(int partition, long offset, String text) {}

  static TopicContents read(String bootstrap, String registryUrl) {
    SchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryConfig.of(registryUrl));
    var eventSerde = AvroSerdes.specific(TextEvent.class, registry, false).deserializer();
    var sentimentSerde = AvroSerdes.specific(SentimentResult.class, registry, false).deserializer();
    var entitySerde = AvroSerdes.specific(EntityResult.class, registry, false).deserializer();
    Map<String, Event> events = new HashMap<>();
    Map<String, SentimentResult> sentiment = new HashMap<>();
    Map<String, EntityResult> entities = new HashMap<>();
    Set<String> duplicates = new HashSet<>();
    readAll(
        bootstrap,
        "text-in",
        (r, bytes) -> {
          TextEvent e = eventSerde.deserialize(r.topic(), bytes);
          events.put(e.getId(), new Event(r.partition(), r.offset(), e.getText()));
        });
    readAll(
        bootstrap,
        "sentiment",
        (r, bytes) -> {
          SentimentResult s = sentimentSerde.deserialize(r.topic(), bytes);
          if (sentiment.put(s.getEventId(), s) != null) {
            duplicates.add(s.getEventId());
          }
        });
    readAll(
        bootstrap,
        "entities",
        (r, bytes) -> {
          EntityResult e = entitySerde.deserialize(r.topic(), bytes);
          if (entities.put(e.getEventId(), e) != null) {
            duplicates.add(e.getEventId());
          }
        });
    return new TopicContents(events, sentiment, entities, duplicates);
  }

  private static void readAll(
      String bootstrap, String topic, BiConsumer<ConsumerRecord<byte[], byte[]>, byte[]> each) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("expected to read " + topic + " to " + end + " within 60 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          each.accept(r, r.value());
        }
      }
    }
  }
}
