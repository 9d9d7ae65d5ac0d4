package io.streambert.model.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named float tensor in row-major order, Linear weights in torch layout {@code [out, in]}.
 *
 * @param name the Hugging Face parameter name
 * @param shape dimensions
 * @param values row-major values; {@code values.length} equals the product of {@code shape}
 */
public record WeightTensor(String name, long[] shape, float[] values) {
  public WeightTensor {
    Objects.requireNonNull(name, "name");
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + ": shape "
              + Arrays.toString(shape)
              + " needs "
              + n
              + " values, found "
              + values.length);
    }
  }

  /** Returns this 2-D tensor transposed ({@code [a, b]} becomes {@code [b, a]}). */
  public WeightTensor transposed() {
    if (shape.length != 2) {
      throw new IllegalStateException(
          "only 2-D tensors transpose, " + name + " has shape " + Arrays.toString(shape));
    }
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[] t = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = values[r * cols + c];
      }
    }
    return new WeightTensor(name, new long[] {cols, rows}, t);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
