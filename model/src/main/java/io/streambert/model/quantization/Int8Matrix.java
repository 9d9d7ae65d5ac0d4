package io.streambert.model.quantization;

/**
 * A {@code [rows, columns]} float matrix quantized symmetrically to int8 (zero point 0): {@code
 * value ~= q * scale}, with {@code q} in {@code [-127, 127]}.
 *
 * @param rows rows (the reduction dimension of a MatMul weight)
 * @param columns columns (output features)
 * @param values row-major int8 values
 * @param scales one scale per column ({@link WeightGranularity#PER_CHANNEL}) or a single one
 */
record Int8Matrix(int rows, int columns, byte[] values, float[] scales) {

  /** Quantizes the row-major {@code [rows, columns]} matrix {@code w}. */
  static Int8Matrix quantize(float[] w, int rows, int columns, WeightGranularity granularity) {
    if ((long) rows * columns != w.length) {
      throw new IllegalArgumentException(
          "expected " + rows + " x " + columns + " values, found " + w.length);
    }
    float[] scales = new float[granularity == WeightGranularity.PER_CHANNEL ? columns : 1];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        int s = scales.length == 1 ? 0 : c;
        scales[s] = Math.max(scales[s], Math.abs(w[r * columns + c]));
      }
    }
    for (int s = 0; s < scales.length; s++) {
      if (!Float.isFinite(scales[s])) {
        throw new IllegalArgumentException(
            "expected finite weights, found " + scales[s] + " in column " + s);
      }
      // An all-zero column quantizes to zeros with any scale; 1 keeps the division defined.
      scales[s] = scales[s] == 0 ? 1f : scales[s] / 127f;
    }
    byte[] q = new byte[w.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        float scale = scales[scales.length == 1 ? 0 : c];
        long v = Math.round(w[r * columns + c] / scale);
        q[r * columns + c] = (byte) Math.max(-127, Math.min(127, v));
      }
    }
    return new Int8Matrix(rows, columns, q, scales);
  }

  /** A row-major {@code [rows, columns]} matrix transposed (a Gemm's {@code [out, in]} weight). */
  static float[] transpose(float[] w, int rows, int columns) {
    float[] t = new float[w.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        t[c * rows + r] = w[r * columns + c];
      }
    }
    return t;
  }
}
