package io.streambert.schemas.serde;

import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaMetadata;
import io.streambert.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes specific Avro records in Confluent's wire format, registering or looking up the schema.
 *
 * <p>{@code null} serializes to {@code null} (a tombstone). Registry failures surface as {@link
 * io.streambert.schemas.registry.SchemaRegistryException}; records Avro cannot write (e.g. a null
 * in a non-null field) as {@link SerializationException}.
 *
 * @param <T> the record type
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private SchemaRegistryClient client;
  private boolean isKey;
  private AvroSerdeConfig config;
  private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
  // Per subject: schema -> id. Avro caches a schema's hash, so this lookup is cheap per record.
  private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();

  /** Creates a serializer whose registry client comes from {@link #configure}. */
  public AvroSerializer() {
    this(null, false, AvroSerdeConfig.defaults());
  }

  /** Creates a ready serializer. */
  public AvroSerializer(SchemaRegistryClient client, boolean isKey, AvroSerdeConfig config) {
    this.client = client;
    this.isKey = isKey;
    this.config = config;
  }

  /**
   * Reads {@link AvroSerdeConfig} keys, and the registry keys of {@link
   * io.streambert.schemas.registry.RegistryConfig} when no client was given.
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.config = AvroSerdeConfig.fromProperties(configs);
    ids.clear();
    if (client == null) {
      client = RestSchemaRegistryClient.fromProperties(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException(
          "AvroSerializer has no registry client: pass one or call configure() first");
    }
    Schema schema = data.getSchema();
    String subject = config.subjectNameStrategy().subject(topic, isKey);
    Map<Schema, Integer> subjectIds = ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer id = subjectIds.get(schema);
    if (id == null) {
      id = schemaId(subject, schema);
      subjectIds.put(schema, id);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.writeBytes(ConfluentWireFormat.header(id));
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      writer(data, schema).write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot serialize " + schema.getFullName() + " for topic '" + topic + "': " + e, e);
    }
    return out.toByteArray();
  }

  private int schemaId(String subject, Schema schema) {
    if (config.autoRegisterSchemas()) {
      return client.register(subject, schema);
    }
    if (config.useLatestVersion()) {
      SchemaMetadata latest = client.getLatestSchemaMetadata(subject);
      if (!latest.schema().equals(schema)) {
        throw new SerializationException(
            "use.latest.version: the latest version "
                + latest.version()
                + " (id "
                + latest.id()
                + ") of subject '"
                + subject
                + "' is not the schema of "
                + schema.getFullName()
                + " this serializer writes; register it or turn use.latest.version off");
      }
      return latest.id();
    }
    return client.getId(subject, schema);
  }

  private DatumWriter<T> writer(T data, Schema schema) {
    return writers.computeIfAbsent(
        schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(data.getClass())));
  }
}
