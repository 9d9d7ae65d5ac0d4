package io.streambert.trainer.train;

/** One encoded training or evaluation window: {@code [CLS] ... [SEP]}, unpadded. */
public sealed interface Sample permits SentenceSample, TokenSample {

  /** Word-piece ids, special tokens included. */
  long[] ids();

  /** Token type ids, same length as {@link #ids()}. */
  long[] typeIds();

  /** Number of tokens. */
  default int length() {
    return ids().length;
  }
}
