package io.streambert.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.model.encoding.TokenWindow;
import java.nio.LongBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedBatchTest {
  private static final long PAD = 7;

  private static TokenWindow window(long... ids) {
    int n = ids.length;
    long[] types = new long[n];
    java.util.Arrays.fill(types, 1);
    return new TokenWindow(ids, types, new int[n], new int[n], new int[n], 0, 1, n - 1);
  }

  private static long[] toArray(LongBuffer b) {
    long[] out = new long[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void shouldPadEveryRowToTheLongestWindowWithThePadIdAndMaskZero() {
    EncodedBatch batch =
        EncodedBatch.padToLongest(List.of(window(1, 5, 2), window(1, 5, 6, 8, 2)), PAD);

    assertThat(batch.shape()).containsExactly(2, 5);
    assertThat(toArray(batch.inputIds())).containsExactly(1, 5, 2, PAD, PAD, 1, 5, 6, 8, 2);
    assertThat(toArray(batch.attentionMask())).containsExactly(1, 1, 1, 0, 0, 1, 1, 1, 1, 1);
    assertThat(toArray(batch.typeIds())).containsExactly(1, 1, 1, 0, 0, 1, 1, 1, 1, 1);
    assertThat(batch.realTokens()).isEqualTo(8);
    assertThat(batch.paddedTokens()).isEqualTo(10);
  }

  @Test
  void shouldPadToAFixedLengthWhenAsked() {
    EncodedBatch batch = EncodedBatch.padTo(List.of(window(1, 2)), PAD, 4);

    assertThat(batch.shape()).containsExactly(1, 4);
    assertThat(toArray(batch.inputIds())).containsExactly(1, 2, PAD, PAD);
    assertThat(toArray(batch.attentionMask())).containsExactly(1, 1, 0, 0);
  }

  @Test
  void shouldRejectAWindowLongerThanTheFixedLength() {
    assertThatThrownBy(() -> EncodedBatch.padTo(List.of(window(1, 2), window(1, 5, 6, 2)), PAD, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected windows of at most 3 tokens, found 4 at batch row 1");
  }

  @Test
  void shouldHandOutIndependentBufferViews() {
    EncodedBatch batch = EncodedBatch.padToLongest(List.of(window(1, 2)), PAD);
    LongBuffer first = batch.inputIds();
    first.get();

    assertThat(batch.inputIds().position()).isZero();
    assertThat(batch.inputIds().isDirect()).isTrue();
  }

  @Test
  void shouldRejectAnEmptyBatch() {
    assertThatThrownBy(() -> EncodedBatch.padToLongest(List.of(), PAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one window");
  }
}
