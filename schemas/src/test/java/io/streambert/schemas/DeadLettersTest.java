package io.streambert.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.serde.WireFormatException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void shouldKeepOriginalBytesAndErrorWhenRecordFailsToDecode() {
    byte[] value = {'{', '}'};
    WireFormatException error =
        new WireFormatException(
            WireFormatException.Reason.BAD_MAGIC_BYTE, "expected magic byte 0, found 0x7b ('{')");

    DeadLetter letter =
        DeadLetters.of("text-events", 3, 42L, null, value, error, Instant.ofEpochMilli(5));

    assertThat(letter.getSourceTopic()).isEqualTo("text-events");
    assertThat(letter.getPartition()).isEqualTo(3);
    assertThat(letter.getOffset()).isEqualTo(42L);
    assertThat(letter.getOriginalKey()).isNull();
    assertThat(letter.getOriginalValue().array()).containsExactly('{', '}');
    assertThat(letter.getErrorClass()).isEqualTo(WireFormatException.class.getName());
    assertThat(letter.getMessage()).isEqualTo("expected magic byte 0, found 0x7b ('{')");
    assertThat(letter.getFailedAt()).isEqualTo(Instant.ofEpochMilli(5));
  }

  @Test
  void shouldUseClassNameWhenErrorHasNoMessage() {
    DeadLetter letter =
        DeadLetters.of("t", 0, 0, new byte[] {1}, null, new NullPointerException(), Instant.EPOCH);

    assertThat(letter.getMessage()).isEqualTo("java.lang.NullPointerException");
    assertThat(letter.getOriginalValue()).isNull();
  }
}
