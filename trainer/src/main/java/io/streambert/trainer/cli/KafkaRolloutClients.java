package io.streambert.trainer.cli;

import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdeConfig;
import io.streambert.schemas.serde.AvroSerdes;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Real consumers, read_committed, with the project's Confluent-format Avro deserializer. */
final class KafkaRolloutClients implements RolloutClients {

  @Override
  public Consumer<String, ModelRelease> releases(Map<String, Object> config) {
    return consumer(config, ModelRelease.class);
  }

  @Override
  public Consumer<String, ModelStatus> statuses(Map<String, Object> config) {
    return consumer(config, ModelStatus.class);
  }

  private static <T extends SpecificRecord> Consumer<String, T> consumer(
      Map<String, Object> config, Class<T> type) {
    RestSchemaRegistryClient registry = RestSchemaRegistryClient.fromProperties(config);
    Map<String, Object> c = new HashMap<>();
    config.forEach(
        (k, v) -> {
          if (!k.startsWith("schema.registry.")
              && !k.startsWith("basic.auth.")
              && !k.startsWith("bearer.auth.")) {
            c.put(k, v);
          }
        });
    c.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "streambert-trainer-versions");
    return new KafkaConsumer<>(
        c,
        new StringDeserializer(),
        AvroSerdes.specific(type, registry, false, AvroSerdeConfig.fromProperties(config))
            .deserializer());
  }
}
