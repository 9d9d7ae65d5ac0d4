package io.streambert.model.bundle;

/** What a task head predicts. */
public enum TaskKind {
  /** One label per text, from the [CLS] position (sentiment). */
  SENTENCE_CLASSIFICATION,
  /** One BIO tag per word, from each word's first sub-word (entities). */
  TOKEN_CLASSIFICATION
}
