package io.streambert.trainer.train;

/** One encoded training or evaluation window: {@code [CLS] ... [SEP]}, unpadded. */
public sealed interface Sample permits SentenceSample, TokenSample {

  /** Word-piece ids, special tokens included. */
  long[] ids();

  /** Token type ids, same length as {@link #ids()}. */
  long[] typeIds();

  /** Case class ids, same length as {@link #ids()} (all {@code NONE} when not known). */
  long[] caseIds();

  /** Number of tokens. */
  default int length() {
    return ids().length;
  }
}
