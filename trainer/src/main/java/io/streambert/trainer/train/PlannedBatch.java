package io.streambert.trainer.train;

/**
 * Rows of one task's training list that form one optimizer step.
 *
 * @param task which task's samples the rows index
 * @param rows indices into that task's training list
 */
public record PlannedBatch(TaskKind task, int[] rows) {

  /** The task a batch trains. */
  public enum TaskKind {
    /** Sentence classification. */
    SENTENCE,
    /** Token classification. */
    TOKEN
  }
}
