package io.streambert.model.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Int8MatrixTest {

  @Test
  void shouldGiveEachColumnItsOwnScaleWhenPerChannel() {
    // Given a 2 x 3 matrix whose columns have very different ranges
    float[] w = {1f, -0.005f, 0f, -0.25f, 0.02f, 0f};

    // When it is quantized per channel
    Int8Matrix m = Int8Matrix.quantize(w, 2, 3, WeightGranularity.PER_CHANNEL);

    // Then each column's largest magnitude maps to 127 and an all-zero column stays zero
    assertThat(m.scales()).containsExactly(1f / 127, 0.02f / 127, 1f);
    assertThat(m.values()).containsExactly(127, -32, 0, -32, 127, 0);
  }

  @Test
  void shouldReproduceEveryWeightWithinHalfAStep() {
    float[] w = new float[64 * 32];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian();
    }
    for (WeightGranularity g : WeightGranularity.values()) {
      Int8Matrix m = Int8Matrix.quantize(w, 64, 32, g);
      for (int i = 0; i < w.length; i++) {
        float scale = m.scales()[m.scales().length == 1 ? 0 : i % 32];
        assertThat(Math.abs(m.values()[i] * scale - w[i])).isLessThanOrEqualTo(scale / 2 + 1e-6f);
      }
    }
  }

  @Test
  void shouldUseOneScaleWhenPerTensor() {
    Int8Matrix m = Int8Matrix.quantize(new float[] {2f, -0.5f}, 1, 2, WeightGranularity.PER_TENSOR);
    assertThat(m.scales()).containsExactly(2f / 127);
    assertThat(m.values()).containsExactly(127, -32);
  }

  @Test
  void shouldRefuseNonFiniteWeights() {
    assertThatThrownBy(
            () ->
                Int8Matrix.quantize(
                    new float[] {Float.NaN, 1f}, 1, 2, WeightGranularity.PER_CHANNEL))
        .hasMessage("expected finite weights, found NaN in column 0");
  }

  @Test
  void shouldTransposeRowMajorMatrices() {
    assertThat(Int8Matrix.transpose(new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
        .containsExactly(1, 4, 2, 5, 3, 6);
  }
}
