package io.streambert.trainer.cli;

import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdeConfig;
import io.streambert.schemas.serde.AvroSerdes;
import io.streambert.trainer.publish.AdminReleaseTopic;
import io.streambert.trainer.publish.ReleaseTopic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real clients: an {@link Admin} for the topic check, a {@link KafkaProducer} (acks=all,
 * idempotent) with the project's Confluent-format Avro serializer and a REST registry client.
 */
final class KafkaReleaseClients implements ReleaseClients {

  @Override
  public Opened open(Map<String, Object> config, Duration timeout) {
    Map<String, Object> producerConfig = new HashMap<>(config);
    producerConfig.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "streambert-trainer-publish");
    producerConfig.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    producerConfig.putIfAbsent(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    producerConfig.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    RestSchemaRegistryClient registry = RestSchemaRegistryClient.fromProperties(config);
    Admin admin = Admin.create(adminOnly(config));
    Producer<String, ModelRelease> producer;
    try {
      producer =
          new KafkaProducer<>(
              producerConfig,
              new StringSerializer(),
              AvroSerdes.specific(
                      ModelRelease.class, registry, false, AvroSerdeConfig.fromProperties(config))
                  .serializer());
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
    AdminReleaseTopic topic = new AdminReleaseTopic(admin, timeout);
    return new Opened() {
      @Override
      public ReleaseTopic topic() {
        return topic;
      }

      @Override
      public Producer<String, ModelRelease> producer() {
        return producer;
      }

      @Override
      public void close() {
        try {
          producer.close(timeout);
        } finally {
          admin.close(timeout);
        }
      }
    };
  }

  /** Drops registry and serializer keys, which the admin client would warn about. */
  private static Map<String, Object> adminOnly(Map<String, Object> config) {
    Map<String, Object> admin = new HashMap<>();
    config.forEach(
        (k, v) -> {
          if (!k.startsWith("schema.registry.")
              && !k.startsWith("basic.auth.")
              && !k.startsWith("bearer.auth.")
              && !k.equals(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS)
              && !k.equals(AvroSerdeConfig.USE_LATEST_VERSION)) {
            admin.put(k, v);
          }
        });
    return admin;
  }
}
