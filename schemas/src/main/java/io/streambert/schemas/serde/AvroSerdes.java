package io.streambert.schemas.serde;

import io.streambert.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/** Factories for ready-to-use {@link AvroSerde}s. */
public final class AvroSerdes {

  private AvroSerdes() {}

  /** A serde for {@code type} that auto-registers schemas under TopicNameStrategy subjects. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(
      Class<T> type, SchemaRegistryClient client, boolean isKey) {
    return specific(type, client, isKey, AvroSerdeConfig.defaults());
  }

  /** A serde for {@code type} with explicit serializer settings. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(
      Class<T> type, SchemaRegistryClient client, boolean isKey, AvroSerdeConfig config) {
    return new AvroSerde<>(type, client, isKey, config);
  }
}
