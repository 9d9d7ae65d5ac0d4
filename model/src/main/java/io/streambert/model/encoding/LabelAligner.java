package io.streambert.model.encoding;

/**
 * Aligns word-level labels to tokens the way training and serving agree on: the first sub-word of
 * each word carries the word's label, every other token is ignored.
 */
public final class LabelAligner {

  /** The label of tokens left out of the loss (PyTorch's default ignore index). */
  public static final long IGNORE = -100L;

  private LabelAligner() {}

  /**
   * Per token of {@code window}: the label of the word whose first sub-word it is (if the window
   * owns that token), else {@link #IGNORE}.
   *
   * @param wordLabels label index per word of the whole text
   */
  public static long[] alignWordLabels(TokenWindow window, int[] wordLabels) {
    long[] out = new long[window.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = IGNORE;
      if (window.owns(i) && window.isFirstSubword(i)) {
        int word = window.wordIds()[i];
        if (word >= wordLabels.length) {
          throw new IllegalArgumentException(
              "expected a label for word "
                  + word
                  + ", found only "
                  + wordLabels.length
                  + " labels");
        }
        out[i] = wordLabels[word];
      }
    }
    return out;
  }
}
