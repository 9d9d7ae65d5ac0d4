package io.streambert.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.serde.AvroDeserializer;
import io.streambert.schemas.serde.WireFormatException;
import org.junit.jupiter.api.Test;

/**
 * A schema id that the registry answers with something the deserializer cannot use is the record's
 * fault (dead-letter it); a registry that cannot answer is not (retry the record).
 */
class UnusableSchemaTest {

  private static final byte[] FRAMED_WITH_ID_9 = {0, 0, 0, 0, 9, 2, 'x'};

  @Test
  void shouldRejectARecordWhoseSchemaIdNamesAProtobufSchema() {
    try (StubHttpServer stub = new StubHttpServer()) {
      stub.respond(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

      assertThatThrownBy(() -> deserializer(stub).deserialize("text-in", FRAMED_WITH_ID_9))
          .isInstanceOfSatisfying(
              WireFormatException.class,
              e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNUSABLE_SCHEMA))
          .hasMessageContaining("schema id 9")
          .hasMessageContaining("PROTOBUF");
    }
  }

  @Test
  void shouldRejectARecordWhoseSchemaDoesNotParse() {
    try (StubHttpServer stub = new StubHttpServer()) {
      stub.respond(200, "{\"schema\":\"{\\\"type\\\": \\\"no-such-type\\\"}\"}");

      assertThatThrownBy(() -> deserializer(stub).deserialize("text-in", FRAMED_WITH_ID_9))
          .isInstanceOfSatisfying(
              WireFormatException.class,
              e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNUSABLE_SCHEMA));
    }
  }

  @Test
  void shouldLetAnOutageOrARefusalThroughForARetry() {
    try (StubHttpServer stub = new StubHttpServer()) {
      stub.respond(503, "{\"error_code\":50301,\"message\":\"unavailable\"}")
          .respond(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");
      AvroDeserializer<TextEvent> deserializer = deserializer(stub);

      assertThatThrownBy(() -> deserializer.deserialize("text-in", FRAMED_WITH_ID_9))
          .isInstanceOf(SchemaRegistryException.class)
          .isNotInstanceOf(WireFormatException.class);
      assertThatThrownBy(() -> deserializer.deserialize("text-in", FRAMED_WITH_ID_9))
          .isInstanceOf(SchemaRegistryException.class);
    }
  }

  private static AvroDeserializer<TextEvent> deserializer(StubHttpServer stub) {
    return new AvroDeserializer<>(
        TextEvent.class,
        new RestSchemaRegistryClient(RegistryConfig.builder(stub.url()).optMaxRetries(0).build()));
  }
}
