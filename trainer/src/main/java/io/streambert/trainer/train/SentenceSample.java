package io.streambert.trainer.train;

/**
 * A window with its sentence label.
 *
 * @param ids word-piece ids, special tokens included
 * @param typeIds token type ids
 * @param label class id into the task's label list
 */
public record SentenceSample(long[] ids, long[] typeIds, int label) implements Sample {
  public SentenceSample {
    if (ids.length != typeIds.length || ids.length == 0) {
      throw new IllegalArgumentException(
          "expected equally long, non-empty ids and typeIds, found "
              + ids.length
              + " and "
              + typeIds.length);
    }
    if (label < 0) {
      throw new IllegalArgumentException("expected a label id >= 0, found " + label);
    }
  }
}
