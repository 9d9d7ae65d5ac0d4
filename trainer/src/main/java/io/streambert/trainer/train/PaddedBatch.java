package io.streambert.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streambert.trainer.bert.ModelInputs;
import java.util.List;

/**
 * A batch padded to its longest member (dynamic padding) with its labels.
 *
 * @param inputs the encoder inputs
 * @param labels sentence labels {@code [batch]} or token labels {@code [batch, sequence]} (padding
 *     labelled {@link TokenSample#IGNORE})
 */
public record PaddedBatch(ModelInputs inputs, NDArray labels) {

  /** Pads {@code samples[rows]} into arrays owned by {@code manager}. */
  public static PaddedBatch of(NDManager manager, List<? extends Sample> samples, int[] rows) {
    int length = 0;
    for (int r : rows) {
      length = Math.max(length, samples.get(r).length());
    }
    int batch = rows.length;
    long[] ids = new long[batch * length];
    long[] mask = new long[batch * length];
    long[] types = new long[batch * length];
    long[] cases = new long[batch * length];
    boolean tokens = samples.get(rows[0]) instanceof TokenSample;
    long[] labels = new long[tokens ? batch * length : batch];
    if (tokens) {
      java.util.Arrays.fill(labels, TokenSample.IGNORE);
    }
    for (int b = 0; b < batch; b++) {
      Sample s = samples.get(rows[b]);
      int offset = b * length;
      System.arraycopy(s.ids(), 0, ids, offset, s.length());
      System.arraycopy(s.typeIds(), 0, types, offset, s.length());
      System.arraycopy(s.caseIds(), 0, cases, offset, s.length());
      java.util.Arrays.fill(mask, offset, offset + s.length(), 1L);
      if (s instanceof TokenSample t) {
        System.arraycopy(t.labels(), 0, labels, offset, s.length());
      } else {
        labels[b] = ((SentenceSample) s).label();
      }
    }
    Shape shape = new Shape(batch, length);
    ModelInputs inputs =
        new ModelInputs(
            manager.create(ids, shape),
            manager.create(mask, shape),
            manager.create(types, shape),
            manager.create(cases, shape));
    NDArray labelArray = tokens ? manager.create(labels, shape) : manager.create(labels);
    return new PaddedBatch(inputs, labelArray);
  }
}
