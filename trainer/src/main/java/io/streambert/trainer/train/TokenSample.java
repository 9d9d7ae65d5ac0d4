package io.streambert.trainer.train;

/**
 * A window with one label per token: a tag id on the first sub-word of each word the window owns,
 * {@link #IGNORE} everywhere else (special tokens, continuation sub-words, words owned by another
 * window).
 *
 * @param ids word-piece ids, special tokens included
 * @param typeIds token type ids
 * @param labels per token, a tag id or {@link #IGNORE}
 * @param sentence index of the sentence the window comes from; the windows of one sentence are
 *     consecutive and own its words in order, so evaluation can join them back into the sentence
 * @param caseIds case class id per token
 */
public record TokenSample(long[] ids, long[] typeIds, long[] labels, int sentence, long[] caseIds)
    implements Sample {

  /** The label of tokens left out of the loss and the metrics (PyTorch's ignore index). */
  public static final long IGNORE = -100;

  public TokenSample {
    if (ids.length != typeIds.length
        || ids.length != labels.length
        || ids.length != caseIds.length
        || ids.length == 0) {
      throw new IllegalArgumentException(
          "expected equally long, non-empty ids, typeIds, labels and caseIds, found "
              + ids.length
              + ", "
              + typeIds.length
              + ", "
              + labels.length
              + " and "
              + caseIds.length);
    }
    if (sentence < 0) {
      throw new IllegalArgumentException("expected a sentence index >= 0, found " + sentence);
    }
  }

  /** A window without case information. */
  public TokenSample(long[] ids, long[] typeIds, long[] labels, int sentence) {
    this(ids, typeIds, labels, sentence, new long[ids.length]);
  }
}
