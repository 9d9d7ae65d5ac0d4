package io.streambert.model.inference;

import java.util.Arrays;

/**
 * A float output tensor copied out of ONNX Runtime, row-major.
 *
 * @param name the ONNX output name
 * @param shape the tensor shape, e.g. {@code [batch, labels]} or {@code [batch, seq, tags]}
 * @param values the values, row-major
 */
public record Logits(String name, long[] shape, float[] values) {
  public Logits {
    long cells = 1;
    for (long d : shape) {
      cells *= d;
    }
    if (cells != values.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + cells
              + " values, found "
              + values.length);
    }
  }

  /** Size of the last dimension (labels or tags). */
  public int width() {
    return (int) shape[shape.length - 1];
  }

  /**
   * Copies the last-dimension vector at the given leading indices, e.g. {@code row(b)} or {@code
   * row(b, t)}.
   */
  public float[] row(int... index) {
    if (index.length != shape.length - 1) {
      throw new IllegalArgumentException(
          "expected "
              + (shape.length - 1)
              + " indices for shape "
              + Arrays.toString(shape)
              + ", found "
              + index.length);
    }
    long offset = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "index " + index[i] + " outside dimension " + i + " of " + Arrays.toString(shape));
      }
      offset = offset * shape[i] + index[i];
    }
    int width = width();
    int from = Math.toIntExact(offset * width);
    return Arrays.copyOfRange(values, from, from + width);
  }
}
