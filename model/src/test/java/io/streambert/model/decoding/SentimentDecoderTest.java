package io.streambert.model.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SentimentDecoderTest {
  private final SentimentDecoder decoder =
      new SentimentDecoder(List.of("negative", "neutral", "positive"));

  @Test
  void shouldPickTheArgMaxLabelWithItsSoftmaxProbability() {
    SentimentPrediction p = decoder.decode(new float[] {0f, 1f, 3f});

    double z = 1 + Math.exp(1) + Math.exp(3);
    assertThat(p.label()).isEqualTo("positive");
    assertThat(p.score()).isCloseTo((float) (Math.exp(3) / z), offset(1e-6f));
    assertThat(p.probabilities()).containsOnlyKeys("negative", "neutral", "positive");
    assertThat(p.probabilities().keySet()).containsExactly("negative", "neutral", "positive");
    assertThat(p.probabilities().get("negative")).isCloseTo((float) (1 / z), offset(1e-6f));
  }

  @Test
  void shouldStayFiniteForHugeLogits() {
    SentimentPrediction p = decoder.decode(new float[] {1000f, 998f, -1000f});

    assertThat(p.label()).isEqualTo("negative");
    assertThat(p.score()).isCloseTo((float) (1 / (1 + Math.exp(-2))), offset(1e-6f));
    assertThat(p.probabilities().get("positive")).isZero();
  }

  @Test
  void shouldRejectLogitsThatDoNotMatchTheLabels() {
    assertThatThrownBy(() -> decoder.decode(new float[] {1f, 2f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 3 logits for labels [negative, neutral, positive], found 2");
  }

  @Test
  void shouldRejectNanLogits() {
    assertThatThrownBy(() -> decoder.decode(new float[] {1f, Float.NaN, 0f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Property(tries = 200)
  void shouldGiveProbabilitiesThatSumToOneAndKeepTheLogitOrder(
      @ForAll @Size(3) List<@FloatRange(min = -1e4f, max = 1e4f) Float> logits) {
    float[] values = {logits.get(0), logits.get(1), logits.get(2)};

    SentimentPrediction p = decoder.decode(values);

    double sum = p.probabilities().values().stream().mapToDouble(Float::doubleValue).sum();
    assertThat(sum).isCloseTo(1.0, offset(1e-5));
    int best = Softmax.argMax(values);
    assertThat(p.label()).isEqualTo(decoder.labels().get(best));
  }
}
