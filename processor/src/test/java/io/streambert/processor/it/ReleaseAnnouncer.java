package io.streambert.processor.it;

import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdeConfig;
import io.streambert.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces {@code ModelRelease} records to a release topic as the trainer's {@code publish} does:
 * the target as a String key, the release as Avro in Confluent's wire format.
 */
public final class ReleaseAnnouncer implements AutoCloseable {

  /** Where a release landed and when the broker acknowledged it. */
  public record Announced(long offset, long acknowledgedAtMillis) {}

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AvroSerializer<ModelRelease> values;

  public ReleaseAnnouncer(String bootstrapServers, String topic, SchemaRegistryClient registry) {
    this.topic = topic;
    this.producer = KafkaClients.producer(bootstrapServers);
    this.values = new AvroSerializer<>(registry, false, AvroSerdeConfig.defaults());
  }

  /**
   * Announces {@code bundle} under {@code key}, for {@code targets} (empty: every instance), and
   * waits for the broker's acknowledgement.
   *
   * @return the release record's offset
   */
  public long announce(String key, RolloutBundles.Stored bundle, List<String> targets)
      throws Exception {
    return announceTimed(key, bundle, targets).offset();
  }

  /** Like {@link #announce}, also returning when the broker acknowledged the record. */
  public Announced announceTimed(String key, RolloutBundles.Stored bundle, List<String> targets)
      throws Exception {
    ModelRelease release =
        ModelRelease.newBuilder()
            .setModelVersion(bundle.version())
            .setBundleUri(bundle.uri())
            .setSha256(bundle.sha256())
            .setTasks(List.of("sentiment", "entities"))
            .setLabelSets(Map.of())
            .setCreatedAt(Instant.now())
            .setTargetInstances(targets.isEmpty() ? null : List.copyOf(targets))
            .setTargetKey(key)
            .build();
    long offset =
        producer
            .send(
                new ProducerRecord<>(
                    topic, key.getBytes(StandardCharsets.UTF_8), values.serialize(topic, release)))
            .get(30, TimeUnit.SECONDS)
            .offset();
    return new Announced(offset, System.currentTimeMillis());
  }

  @Override
  public void close() {
    producer.close();
  }
}
