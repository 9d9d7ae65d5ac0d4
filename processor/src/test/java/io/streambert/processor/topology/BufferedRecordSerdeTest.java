package io.streambert.processor.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.errors.SerializationException;

class BufferedRecordSerdeTest {

  private final BufferedRecordSerde serde = new BufferedRecordSerde();

  @Property(tries = 200)
  void shouldRoundTripEveryField(
      @ForAll long sequence,
      @ForAll byte[] value,
      @ForAll String text,
      @ForAll long eventTime,
      @ForAll @IntRange(min = -1) int partition,
      @ForAll boolean withKey) {
    // Texts come from decoded UTF-8: no lone surrogates.
    Assume.that(text.equals(new String(text.getBytes(UTF_8), UTF_8)));
    BufferedRecord r =
        new BufferedRecord(
            sequence,
            withKey ? new byte[] {1, 2, 3} : null,
            value,
            "id-" + sequence,
            text,
            eventTime,
            eventTime + 1,
            new SourcePosition("topic", partition, sequence),
            text.length(),
            99L);

    BufferedRecord back = serde.deserialize("t", serde.serialize("t", r));

    assertThat(back).usingRecursiveComparison().isEqualTo(r);
  }

  @net.jqwik.api.Example
  void shouldRejectUnknownFormatVersion() {
    assertThatThrownBy(() -> serde.deserialize("t", new byte[] {9, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("expected version 1, found 9");
  }
}
