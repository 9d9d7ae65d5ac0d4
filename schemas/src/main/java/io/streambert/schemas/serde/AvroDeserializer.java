package io.streambert.schemas.serde;

import io.streambert.schemas.compat.SchemaCompatibilityChecker;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro records into a specific record class.
 *
 * <p>The writer's schema is fetched by the id in the header (once per id) and resolved against the
 * class's schema, so records written with an older or newer compatible schema read fine. {@code
 * null} bytes deserialize to {@code null} (a tombstone).
 *
 * <p>Bad bytes throw {@link WireFormatException} with a {@link WireFormatException.Reason}: route
 * them to a dead-letter topic. Registry outages throw {@link SchemaRegistryException}: retry those.
 * {@link #decode} returns both outcomes as a value, with the original bytes.
 *
 * @param <T> the record type
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private final Class<T> type;
  private final SpecificData model;
  private final Schema readerSchema;
  private final Map<Integer, ReaderForId<T>> readers = new ConcurrentHashMap<>();
  private SchemaRegistryClient client;

  /** Creates a deserializer whose registry client comes from {@link #configure}. */
  public AvroDeserializer(Class<T> type) {
    this(type, null);
  }

  /** Creates a ready deserializer. */
  public AvroDeserializer(Class<T> type, SchemaRegistryClient client) {
    this.type = Objects.requireNonNull(type, "type");
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
    this.client = client;
  }

  /** Creates the registry client from the registry keys when none was given. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (client == null) {
      client = RestSchemaRegistryClient.fromProperties(configs);
    }
  }

  /** The schema records are read into: the record class's own schema. */
  public Schema readerSchema() {
    return readerSchema;
  }

  /**
   * Decodes {@code data}.
   *
   * @param topic ignored; the schema comes from the id in the header
   * @return the record, or null when {@code data} is null
   * @throws WireFormatException when the bytes are not a valid framed record
   * @throws SchemaRegistryException when the registry cannot be asked (retry later)
   */
  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException(
          "AvroDeserializer has no registry client: pass one or call configure() first");
    }
    ConfluentWireFormat.Header header = ConfluentWireFormat.parseHeader(data);
    ReaderForId<T> reader = readers.get(header.schemaId());
    if (reader == null) {
      reader = readerFor(header.schemaId());
      readers.putIfAbsent(header.schemaId(), reader);
    }
    return reader.read(data, header.payloadOffset());
  }

  /**
   * Decodes {@code data} without throwing for bad bytes.
   *
   * @return the value, or the {@link WireFormatException} with the untouched original bytes
   * @throws SchemaRegistryException when the registry cannot be asked (retry later)
   */
  public Decoded<T> decode(String topic, byte[] data) {
    try {
      return Decoded.ok(deserialize(topic, data), data);
    } catch (WireFormatException e) {
      return Decoded.failed(e, data);
    }
  }

  private ReaderForId<T> readerFor(int id) {
    Schema writer;
    try {
      writer = client.getSchemaById(id);
    } catch (SchemaRegistryException e) {
      if (e.isSchemaNotFound()) {
        throw new WireFormatException(
            WireFormatException.Reason.UNKNOWN_SCHEMA_ID,
            "expected a schema id known to the registry, found id "
                + id
                + " (registry answered error_code "
                + e.errorCode()
                + ")",
            e);
      }
      if (e.httpStatus() / 100 == 2) {
        // The registry answered for this id with something that is not a usable Avro schema
        // (another schema type, unparseable text): the record's fault, not an outage.
        throw new WireFormatException(
            WireFormatException.Reason.UNUSABLE_SCHEMA,
            "expected schema id " + id + " to be an Avro schema, found: " + e.getMessage(),
            e);
      }
      throw e;
    }
    List<String> problems = SchemaCompatibilityChecker.readerWriterProblems(readerSchema, writer);
    String problem =
        problems.isEmpty()
            ? null
            : "writer schema id "
                + id
                + " ("
                + writer.getFullName()
                + ") cannot be read as "
                + readerSchema.getFullName()
                + ": "
                + String.join("; ", problems);
    return new ReaderForId<>(
        id, new SpecificDatumReader<>(writer, readerSchema, model), problem, type);
  }

  /** A datum reader for one writer schema id, or why that writer cannot be read. */
  private record ReaderForId<T>(int id, DatumReader<T> reader, String problem, Class<T> type) {

    T read(byte[] data, int offset) {
      if (problem != null) {
        throw new WireFormatException(WireFormatException.Reason.CORRUPT_PAYLOAD, problem);
      }
      int length = data.length - offset;
      BoundedDecoder decoder = new BoundedDecoder(data, offset, length);
      T value;
      try {
        value = reader.read(null, decoder);
      } catch (IOException | RuntimeException e) {
        throw corrupt(length, "cannot be decoded (" + e + ")", e);
      }
      try {
        if (!decoder.isEnd()) {
          throw corrupt(length, "has trailing bytes after the record", null);
        }
      } catch (IOException e) {
        throw corrupt(length, "cannot be decoded (" + e + ")", e);
      }
      return value;
    }

    private WireFormatException corrupt(int length, String what, Throwable cause) {
      return new WireFormatException(
          WireFormatException.Reason.CORRUPT_PAYLOAD,
          "expected a "
              + type.getSimpleName()
              + " written with schema id "
              + id
              + ", found a "
              + length
              + "-byte Avro payload that "
              + what,
          cause);
    }
  }
}
