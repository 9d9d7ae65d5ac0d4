package io.streambert.processor.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class Utf8LengthTest {

  @Property(tries = 500)
  void shouldCountBytesLikeTheUtf8Encoder(@ForAll String text) {
    assertThat(DecodeProcessor.utf8Length(text)).isEqualTo(text.getBytes(UTF_8).length);
  }
}
