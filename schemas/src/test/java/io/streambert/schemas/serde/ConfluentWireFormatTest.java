package io.streambert.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ConfluentWireFormatTest {

  @Test
  void shouldWriteMagicByteAndBigEndianIdWhenFramingHeader() {
    assertThat(ConfluentWireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
    assertThat(ConfluentWireFormat.header(7)).containsExactly(0, 0, 0, 0, 7);
    assertThat(ConfluentWireFormat.frame(258, new byte[] {9, 8}))
        .containsExactly(0, 0, 0, 1, 2, 9, 8);

    ByteBuffer buffer = ByteBuffer.allocate(6).put((byte) 42);
    ConfluentWireFormat.writeHeader(buffer, 1);
    assertThat(buffer.array()).containsExactly(42, 0, 0, 0, 0, 1);
  }

  @Test
  void shouldReturnIdAndOffsetWhenHeaderIsValid() {
    ConfluentWireFormat.Header header =
        ConfluentWireFormat.parseHeader(new byte[] {0, 0x7f, (byte) 0xff, 0, 1, 42});

    assertThat(header.schemaId()).isEqualTo(0x7fff0001);
    assertThat(header.payloadOffset()).isEqualTo(5);
  }

  @Test
  void shouldRejectAsTooShortWhenFewerThanFiveBytes() {
    assertThatThrownBy(() -> ConfluentWireFormat.parseHeader(new byte[] {0, 0, 0, 1}))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.TOO_SHORT))
        .hasMessage("expected at least 5 bytes (magic byte 0 and a 4-byte schema id), found 4");
    assertThatThrownBy(() -> ConfluentWireFormat.parseHeader(new byte[0]))
        .isInstanceOf(WireFormatException.class)
        .hasMessageEndingWith("found 0");
  }

  @Test
  void shouldRejectAsBadMagicByteWhenJsonArrives() {
    byte[] json = "{\"id\":\"e1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ConfluentWireFormat.parseHeader(json))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.BAD_MAGIC_BYTE))
        .hasMessage("expected magic byte 0, found 0x7b ('{')");
    assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[] {(byte) 0x81, 0, 0, 0, 1}))
        .hasMessage("expected magic byte 0, found 0x81");
  }
}
