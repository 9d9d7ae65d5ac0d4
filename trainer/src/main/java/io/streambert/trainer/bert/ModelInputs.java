package io.streambert.trainer.bert;

import ai.djl.ndarray.NDArray;

/**
 * One padded batch of encoder inputs, each {@code [batch, sequence]} int64.
 *
 * @param inputIds word-piece ids, padding included
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param tokenTypeIds segment ids (all 0 for single texts)
 * @param caseIds case class ids ({@code io.streambert.model.encoding.CaseClass}), or null; read
 *     only by a model with case embeddings, which requires them
 */
public record ModelInputs(
    NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds, NDArray caseIds) {

  /** Inputs without case ids, for a model without case embeddings. */
  public ModelInputs(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
    this(inputIds, attentionMask, tokenTypeIds, null);
  }

  /** Number of rows in the batch. */
  public long batchSize() {
    return inputIds.getShape().get(0);
  }

  /** Padded sequence length of the batch. */
  public long sequenceLength() {
    return inputIds.getShape().get(1);
  }
}
