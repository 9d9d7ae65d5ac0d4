package io.streambert.trainer.train;

import java.util.Optional;

/**
 * The tasks of one run: a sentence task, a token task, or both (multi-task, one encoder).
 *
 * @param sentence the sentence task, if any
 * @param token the token task, if any
 */
public record TrainingData(Optional<SentenceTask> sentence, Optional<TokenTask> token) {
  public TrainingData {
    if (sentence.isEmpty() && token.isEmpty()) {
      throw new IllegalArgumentException("expected at least one task, found none");
    }
  }

  /** A sentence-classification run. */
  public static TrainingData of(SentenceTask task) {
    return new TrainingData(Optional.of(task), Optional.empty());
  }

  /** A tagging run. */
  public static TrainingData of(TokenTask task) {
    return new TrainingData(Optional.empty(), Optional.of(task));
  }

  /** A multi-task run. */
  public static TrainingData of(SentenceTask sentence, TokenTask token) {
    return new TrainingData(Optional.of(sentence), Optional.of(token));
  }

  /** Number of training windows over all tasks. */
  public int trainSize() {
    return sentence.map(t -> t.train().size()).orElse(0)
        + token.map(t -> t.train().size()).orElse(0);
  }
}
