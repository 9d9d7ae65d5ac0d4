package io.streambert.model.encoding;

/**
 * One tokenized window of a text: {@code [CLS] tokens [SEP]}, unpadded.
 *
 * @param ids token ids, special tokens included
 * @param typeIds token type ids (all 0 for single sentences)
 * @param charStarts per token, char offset into the original text (-1 for special tokens)
 * @param charEnds per token, exclusive char end into the original text (-1 for special tokens)
 * @param wordIds per token, index of the word in the original text (-1 for special tokens)
 * @param firstWord index of the first word whose first sub-word starts in this window
 * @param ownedFrom first token index (inclusive) whose predictions this window owns when windows
 *     overlap; ownedTo is exclusive
 * @param ownedTo first token index not owned (exclusive)
 * @param caseIds per token, the {@link CaseClass#id()} of its chars in the original text ({@link
 *     CaseClass#NONE} for special tokens); fed only to case-aware bundles
 */
public record TokenWindow(
    long[] ids,
    long[] typeIds,
    int[] charStarts,
    int[] charEnds,
    int[] wordIds,
    int firstWord,
    int ownedFrom,
    int ownedTo,
    long[] caseIds) {

  public TokenWindow {
    if (caseIds.length != ids.length) {
      throw new IllegalArgumentException(
          "expected one case id per token (" + ids.length + "), found " + caseIds.length);
    }
  }

  /** A window whose tokens carry no case information (every case id {@link CaseClass#NONE}). */
  public TokenWindow(
      long[] ids,
      long[] typeIds,
      int[] charStarts,
      int[] charEnds,
      int[] wordIds,
      int firstWord,
      int ownedFrom,
      int ownedTo) {
    this(ids, typeIds, charStarts, charEnds, wordIds, firstWord, ownedFrom, ownedTo, noCase(ids));
  }

  private static long[] noCase(long[] ids) {
    return new long[ids.length];
  }

  /** Whether this window owns the prediction of token {@code i} (overlaps are split). */
  public boolean owns(int i) {
    return i >= ownedFrom && i < ownedTo;
  }

  /** Whether token {@code i} is the first sub-word of a word (special tokens are not). */
  public boolean isFirstSubword(int i) {
    return wordIds[i] >= 0 && (i == 0 || wordIds[i - 1] != wordIds[i]);
  }

  /** Number of tokens, special tokens included. */
  public int length() {
    return ids.length;
  }
}
