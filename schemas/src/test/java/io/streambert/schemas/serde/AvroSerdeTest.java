package io.streambert.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryException;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static MiniSchemaRegistry registry;
  private static SchemaRegistryClient client;

  private String topic;

  @BeforeAll
  static void startRegistry() {
    registry = new MiniSchemaRegistry().start();
    client = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void freshTopic() {
    topic = "events-" + UUID.randomUUID();
  }

  @Test
  void shouldWriteConfluentFramedBytesWhenSerializingModelStatus() {
    // Given a record whose Avro encoding is short enough to write out by hand
    ModelStatus status =
        ModelStatus.newBuilder()
            .setInstanceId("a")
            .setModelVersion("v")
            .setState(ModelState.SERVING)
            .setReason(null)
            .setAt(Instant.ofEpochMilli(1))
            .build();
    AvroSerde<ModelStatus> serde = AvroSerdes.specific(ModelStatus.class, client, false);

    // When serialized
    byte[] bytes = serde.serializer().serialize(topic, status);

    // Then: magic 0, id big-endian, "a" (len 1 zigzag=2), "v", enum index 2 (zigzag 4),
    // union branch 0 (null), long 1 (zigzag 2), then the seven optional release and
    // measurement fields, each union branch 0 (null)
    int id = client.getId(topic + "-value", ModelStatus.getClassSchema());
    byte[] expected = ByteBuffer.allocate(19).put((byte) 0).putInt(id).array();
    byte[] payload = {0x02, 'a', 0x02, 'v', 0x04, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0};
    System.arraycopy(payload, 0, expected, 5, payload.length);
    assertThat(bytes).containsExactly(expected);
  }

  @Test
  void shouldMatchHandEncodedBytesWhenSerializingTextEvent() throws IOException {
    // Given
    TextEvent event = textEvent("e-1", "héllo wörld", "en");
    AvroSerde<TextEvent> serde = AvroSerdes.specific(TextEvent.class, client, false);

    // When
    byte[] bytes = serde.serializer().serialize(topic, event);

    // Then the bytes equal the documented format built with a plain BinaryEncoder
    int id = client.getId(topic + "-value", TextEvent.getClassSchema());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(0);
    expected.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(expected, null);
    encoder.writeString("e-1");
    encoder.writeString("héllo wörld");
    encoder.writeIndex(1);
    encoder.writeString("en");
    encoder.writeLong(1_700_000_000_123L);
    encoder.writeMapStart();
    encoder.setItemCount(1);
    encoder.startItem();
    encoder.writeString("source");
    encoder.writeString("test");
    encoder.writeMapEnd();
    encoder.flush();
    assertThat(bytes).containsExactly(expected.toByteArray());

    // And reading hand-encoded bytes gives the event back (the other direction of interop)
    assertThat(serde.deserializer().deserialize(topic, expected.toByteArray())).isEqualTo(event);
  }

  @Test
  void shouldAskRegistryOnceWhenSerializingAndDeserializingManyRecords() {
    AvroSerde<TextEvent> serde =
        AvroSerdes.specific(
            TextEvent.class,
            new RestSchemaRegistryClient(RegistryConfig.of(registry.url())),
            false);
    long before = registry.requestCount();

    for (int i = 0; i < 50; i++) {
      byte[] bytes = serde.serializer().serialize(topic, textEvent("e" + i, "text", "en"));
      assertThat(serde.deserializer().deserialize(topic, bytes).getId()).isEqualTo("e" + i);
    }

    // One registration; the id->schema of the deserializer comes from the same client's cache
    assertThat(registry.requestCount() - before).isEqualTo(1);
  }

  @Test
  void shouldRegisterUnderKeySubjectWhenSerdeIsForKeys() {
    AvroSerde<TextEvent> serde = AvroSerdes.specific(TextEvent.class, client, true);

    serde.serializer().serialize(topic, textEvent("k", "key", null));

    assertThat(client.getLatestSchemaMetadata(topic + "-key").schema())
        .isEqualTo(TextEvent.getClassSchema());
  }

  @Test
  void shouldReturnNullWhenTombstone() {
    AvroSerde<TextEvent> serde = AvroSerdes.specific(TextEvent.class, client, false);

    assertThat(serde.serializer().serialize(topic, null)).isNull();
    assertThat(serde.deserializer().deserialize(topic, null)).isNull();
    Decoded<TextEvent> decoded = serde.deserializer().decode(topic, null);
    assertThat(decoded.isOk()).isTrue();
    assertThat(decoded.value()).isNull();
  }

  @Test
  void shouldReadWithNewClassWhenWrittenWithOlderSchema() throws IOException {
    // Given an older TextEvent without "language" and "attributes", registered and used to write
    Schema old =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"TextEvent","namespace":"io.streambert.schemas.avro",
                 "fields":[{"name":"id","type":"string"},{"name":"text","type":"string"},
                  {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}}]}
                """);
    int oldId = client.register(topic + "-value", old);
    GenericRecord record = new GenericData.Record(old);
    record.put("id", "old-1");
    record.put("text", "written by an old producer");
    record.put("eventTime", 42L);
    byte[] bytes = ConfluentWireFormat.frame(oldId, avro(old, record));

    // When read with the current generated class
    TextEvent event =
        AvroSerdes.specific(TextEvent.class, client, false)
            .deserializer()
            .deserialize(topic, bytes);

    // Then missing fields take their defaults
    assertThat(event.getId()).isEqualTo("old-1");
    assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(42));
    assertThat(event.getLanguage()).isNull();
    assertThat(event.getAttributes()).isEmpty();

    // And the current schema registers as the next version of the same subject
    AvroSerdes.specific(TextEvent.class, client, false)
        .serializer()
        .serialize(topic, textEvent("new-1", "x", "en"));
    assertThat(client.getLatestSchemaMetadata(topic + "-value").version()).isEqualTo(2);
  }

  @Test
  void shouldIgnoreUnknownFieldWhenWrittenWithNewerSchema() throws IOException {
    // Given a newer TextEvent with an extra optional field
    Schema newer =
        new Schema.Parser()
            .parse(
                TextEvent.getClassSchema()
                    .toString()
                    .replace(
                        "\"fields\":[",
                        "\"fields\":[{\"name\":\"source\",\"type\":[\"null\",\"string\"],"
                            + "\"default\":null},"));
    int newerId = client.register(topic + "-value", newer);
    GenericRecord record = new GenericData.Record(newer);
    record.put("source", "crawler");
    record.put("id", "n-1");
    record.put("text", "from the future");
    record.put("language", null);
    record.put("eventTime", 7L);
    record.put("attributes", Map.of());

    // When read with the current class, then the known fields come through
    TextEvent event =
        AvroSerdes.specific(TextEvent.class, client, false)
            .deserializer()
            .deserialize(topic, ConfluentWireFormat.frame(newerId, avro(newer, record)));
    assertThat(event.getId()).isEqualTo("n-1");
    assertThat(event.getText()).isEqualTo("from the future");
  }

  @Test
  void shouldRejectWithReasonWhenBytesAreBad() {
    AvroDeserializer<TextEvent> deserializer =
        AvroSerdes.specific(TextEvent.class, client, false).deserializer();
    byte[] good =
        AvroSerdes.specific(TextEvent.class, client, false)
            .serializer()
            .serialize(topic, textEvent("e", "ok", null));

    assertReason(deserializer, new byte[] {0, 0, 1}, WireFormatException.Reason.TOO_SHORT);
    assertReason(deserializer, "{\"id\":1}".getBytes(), WireFormatException.Reason.BAD_MAGIC_BYTE);
    assertReason(
        deserializer,
        ConfluentWireFormat.frame(999_999, new byte[] {2, 'a'}),
        WireFormatException.Reason.UNKNOWN_SCHEMA_ID);
    assertReason(
        deserializer,
        Arrays.copyOf(good, good.length - 3),
        WireFormatException.Reason.CORRUPT_PAYLOAD);
    assertReason(
        deserializer,
        Arrays.copyOf(good, good.length + 2),
        WireFormatException.Reason.CORRUPT_PAYLOAD);
  }

  @Test
  void shouldSayWhatWasExpectedWhenSchemaIdIsUnknownOrPayloadTruncated() {
    AvroDeserializer<TextEvent> deserializer =
        AvroSerdes.specific(TextEvent.class, client, false).deserializer();

    assertThatThrownBy(
            () -> deserializer.deserialize(topic, ConfluentWireFormat.frame(999_998, new byte[0])))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "expected a schema id known to the registry, found id 999998"
                + " (registry answered error_code 40403)");

    int id = client.register(topic + "-value", TextEvent.getClassSchema());
    assertThatThrownBy(
            () -> deserializer.deserialize(topic, ConfluentWireFormat.frame(id, new byte[] {2})))
        .hasMessageStartingWith(
            "expected a TextEvent written with schema id " + id + ", found a 1-byte Avro payload");
  }

  @Test
  void shouldRejectAsCorruptWhenWriterSchemaIsAnotherRecord() {
    // Given bytes written with the DeadLetter schema arriving on a TextEvent topic
    AvroSerde<DeadLetter> deadLetters = AvroSerdes.specific(DeadLetter.class, client, false);
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic("t")
            .setPartition(0)
            .setOffset(1)
            .setOriginalKey(null)
            .setOriginalValue(ByteBuffer.wrap(new byte[] {1}))
            .setErrorClass("X")
            .setMessage("m")
            .setFailedAt(Instant.EPOCH)
            .build();
    byte[] bytes = deadLetters.serializer().serialize(topic + "-dlq", letter);

    // When decoded as TextEvent, then it is dead-letterable with the original bytes
    Decoded<TextEvent> decoded =
        AvroSerdes.specific(TextEvent.class, client, false).deserializer().decode(topic, bytes);
    assertThat(decoded.isOk()).isFalse();
    assertThat(decoded.original()).isSameAs(bytes);
    assertThat(decoded.error().reason()).isEqualTo(WireFormatException.Reason.CORRUPT_PAYLOAD);
    assertThat(decoded.error())
        .hasMessageContaining("(io.streambert.schemas.avro.DeadLetter) cannot be read as");
  }

  @Test
  void shouldLookUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
    AvroSerdeConfig lookupOnly =
        AvroSerdeConfig.fromProperties(Map.of("auto.register.schemas", "false"));
    AvroSerde<TextEvent> serde = AvroSerdes.specific(TextEvent.class, client, false, lookupOnly);

    // Unregistered: the registry's 40401 comes through
    assertThatThrownBy(() -> serde.serializer().serialize(topic, textEvent("a", "b", null)))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isSubjectNotFound()).isTrue());

    // Registered: the looked-up id is used
    int id = client.register(topic + "-value", TextEvent.getClassSchema());
    byte[] bytes = serde.serializer().serialize(topic, textEvent("a", "b", null));
    assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(id);
  }

  @Test
  void shouldUseLatestIdWhenUseLatestVersionAndLatestIsRecordSchema() {
    AvroSerdeConfig latest =
        AvroSerdeConfig.fromProperties(
            Map.of("auto.register.schemas", false, "use.latest.version", true));
    AvroSerde<TextEvent> serde = AvroSerdes.specific(TextEvent.class, client, false, latest);
    int id = client.register(topic + "-value", TextEvent.getClassSchema());

    byte[] bytes = serde.serializer().serialize(topic, textEvent("a", "b", null));

    assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(id);
  }

  @Test
  void shouldCreateClientFromPropertiesWhenConfiguredKafkaStyle() {
    AvroSerde<TextEvent> serde = new AvroSerde<>(TextEvent.class);
    serde.configure(Map.of("schema.registry.url", registry.url()), false);
    TextEvent event = textEvent("c", "configured", "de");

    byte[] bytes = serde.serializer().serialize(topic, event);

    assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(event);
    assertThat(client.getLatestSchemaMetadata(topic + "-value").id())
        .isEqualTo(ConfluentWireFormat.schemaId(bytes));
  }

  @Test
  void shouldThrowSerializationExceptionWhenRequiredFieldIsNull() {
    TextEvent broken = textEvent("x", "y", null);
    broken.setText(null);
    AvroSerde<TextEvent> serde = AvroSerdes.specific(TextEvent.class, client, false);

    assertThatThrownBy(() -> serde.serializer().serialize(topic, broken))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot serialize io.streambert.schemas.avro.TextEvent for topic");
  }

  private static void assertReason(
      AvroDeserializer<TextEvent> deserializer, byte[] bytes, WireFormatException.Reason reason) {
    assertThatThrownBy(() -> deserializer.deserialize("t", bytes))
        .isInstanceOfSatisfying(
            WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    Decoded<TextEvent> decoded = deserializer.decode("t", bytes);
    assertThat(decoded.error().reason()).isEqualTo(reason);
    assertThat(decoded.original()).isSameAs(bytes);
  }

  private static TextEvent textEvent(String id, String text, String language) {
    return TextEvent.newBuilder()
        .setId(id)
        .setText(text)
        .setLanguage(language)
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .setAttributes(language == null ? Map.of() : Map.of("source", "test"))
        .build();
  }

  private static byte[] avro(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
