package io.streambert.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.TextEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class GarbagePayloadPropertyTest {

  private final InMemorySchemaRegistryClient client = new InMemorySchemaRegistryClient();
  private final int textEventId = client.register("t-value", TextEvent.getClassSchema());
  private final int entityResultId = client.register("e-value", EntityResult.getClassSchema());
  private final AvroDeserializer<TextEvent> textEvents =
      new AvroDeserializer<>(TextEvent.class, client);
  private final AvroDeserializer<EntityResult> entityResults =
      new AvroDeserializer<>(EntityResult.class, client);

  @Property(tries = 500)
  void shouldDecodeOrRejectAsCorruptWhenPayloadIsRandom(@ForAll @Size(max = 64) byte[] payload) {
    Decoded<TextEvent> text =
        textEvents.decode("t", ConfluentWireFormat.frame(textEventId, payload));
    Decoded<EntityResult> entities =
        entityResults.decode("e", ConfluentWireFormat.frame(entityResultId, payload));

    for (Decoded<?> decoded : new Decoded<?>[] {text, entities}) {
      if (!decoded.isOk()) {
        assertThat(decoded.error().reason()).isEqualTo(WireFormatException.Reason.CORRUPT_PAYLOAD);
      }
    }
  }

  @Test
  void shouldRejectWithoutAllocatingWhenStringLengthIsHuge() throws IOException {
    // A TextEvent whose id claims to be 1 GB long
    byte[] payload = avroLongThen(1_000_000_000L, new byte[] {'a', 'b'});

    assertThatThrownBy(
            () -> textEvents.deserialize("t", ConfluentWireFormat.frame(textEventId, payload)))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.CORRUPT_PAYLOAD))
        .hasMessageContaining("string length 1000000000 does not fit the 2 bytes left");
  }

  @Test
  void shouldRejectWithoutAllocatingWhenArrayCountIsHuge() throws IOException {
    // An EntityResult with eventId "x" whose entity array claims 1 billion items
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    encoder.writeString("x");
    encoder.writeLong(1_000_000_000L);
    encoder.flush();
    out.write(new byte[] {1, 2, 3});

    assertThatThrownBy(
            () ->
                entityResults.deserialize(
                    "e", ConfluentWireFormat.frame(entityResultId, out.toByteArray())))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("array block of 1000000000 items does not fit the 3 bytes left");
  }

  private static byte[] avroLongThen(long value, byte[] rest) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    encoder.writeLong(value);
    encoder.flush();
    out.write(rest);
    return out.toByteArray();
  }
}
