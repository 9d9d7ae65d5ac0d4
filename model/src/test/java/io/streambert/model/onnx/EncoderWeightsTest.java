package io.streambert.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.bundle.PretrainedEncoder;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class EncoderWeightsTest {

  @Test
  void shouldReadEveryMiniLmWeightUnderItsHuggingFaceName() throws Exception {
    EncoderWeights weights;
    try (InputStream in = PretrainedEncoder.miniLm().openOnnx()) {
      weights = EncoderWeights.read(in);
    }

    assertThat(weights.config())
        .isEqualTo(new EncoderConfig(6, 384, 12, 1536, 30522, 512, 2, 1e-12f));
    // 5 embedding tensors + 16 per layer (4 projections x (w,b) + 2 LayerNorms x 2 + FFN 2x(w,b)).
    assertThat(weights.tensors()).hasSize(5 + 16 * 6);
    assertThat(weights.tensors().keySet()).noneMatch(n -> n.startsWith("onnx::"));
    assertThat(weights.get("encoder.layer.0.attention.self.query.weight").shape())
        .containsExactly(384, 384);
    assertThat(weights.get("encoder.layer.5.intermediate.dense.weight").shape())
        .containsExactly(1536, 384);
    assertThat(weights.get("encoder.layer.5.output.dense.weight").shape())
        .containsExactly(384, 1536);
  }
}
