package io.streambert.schemas.serde;

import io.streambert.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for one specific Avro record type in Confluent's wire format.
 *
 * <p>Build a ready one with {@link AvroSerdes#specific}, or construct with the class only and let
 * Kafka call {@link #configure} with the registry keys.
 *
 * @param <T> the record type
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** Creates a serde whose registry client comes from {@link #configure}. */
  public AvroSerde(Class<T> type) {
    this.serializer = new AvroSerializer<>();
    this.deserializer = new AvroDeserializer<>(type);
  }

  /** Creates a ready serde. */
  public AvroSerde(
      Class<T> type, SchemaRegistryClient client, boolean isKey, AvroSerdeConfig config) {
    this.serializer = new AvroSerializer<>(client, isKey, config);
    this.deserializer = new AvroDeserializer<>(type, client);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  /** The deserializer; typed so that callers reach {@link AvroDeserializer#decode}. */
  @Override
  public AvroDeserializer<T> deserializer() {
    return deserializer;
  }
}
