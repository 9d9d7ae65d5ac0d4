package io.streambert.trainer.train;

/**
 * A window with its sentence label.
 *
 * @param ids word-piece ids, special tokens included
 * @param typeIds token type ids
 * @param label class id into the task's label list
 * @param caseIds case class id per token
 */
public record SentenceSample(long[] ids, long[] typeIds, int label, long[] caseIds)
    implements Sample {
  public SentenceSample {
    if (ids.length != typeIds.length || ids.length != caseIds.length || ids.length == 0) {
      throw new IllegalArgumentException(
          "expected equally long, non-empty ids, typeIds and caseIds, found "
              + ids.length
              + ", "
              + typeIds.length
              + " and "
              + caseIds.length);
    }
    if (label < 0) {
      throw new IllegalArgumentException("expected a label id >= 0, found " + label);
    }
  }

  /** A window without case information. */
  public SentenceSample(long[] ids, long[] typeIds, int label) {
    this(ids, typeIds, label, new long[ids.length]);
  }
}
