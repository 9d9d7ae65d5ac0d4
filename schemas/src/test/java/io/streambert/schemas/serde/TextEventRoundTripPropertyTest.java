package io.streambert.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.schemas.avro.TextEvent;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;

class TextEventRoundTripPropertyTest {

  private final AvroSerde<TextEvent> serde =
      AvroSerdes.specific(TextEvent.class, new InMemorySchemaRegistryClient(), false);

  @Property(tries = 300)
  void shouldReadBackEqualEventWhenAnyTextEventIsWritten(@ForAll("events") TextEvent event) {
    byte[] bytes = serde.serializer().serialize("text-events", event);

    assertThat(bytes[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
    assertThat(serde.deserializer().deserialize("text-events", bytes)).isEqualTo(event);
  }

  @Provide
  Arbitrary<TextEvent> events() {
    // Unpaired surrogates cannot round-trip through UTF-8, so stay below the surrogate range.
    StringArbitrary text = Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(60);
    Arbitrary<String> language = Arbitraries.of("en", "de", "fr-CA", "zh-Hans").injectNull(0.3);
    Arbitrary<Instant> eventTime =
        Arbitraries.longs()
            .between(-62_135_596_800_000L, 253_402_300_799_000L)
            .map(Instant::ofEpochMilli);
    return Combinators.combine(
            text.ofMinLength(1),
            text,
            language,
            eventTime,
            Arbitraries.maps(text.ofMaxLength(10), text).ofMaxSize(4))
        .as(
            (id, body, lang, time, attributes) ->
                TextEvent.newBuilder()
                    .setId(id)
                    .setText(body)
                    .setLanguage(lang)
                    .setEventTime(time)
                    .setAttributes(attributes)
                    .build());
  }
}
