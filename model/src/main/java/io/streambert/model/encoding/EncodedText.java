package io.streambert.model.encoding;

import java.util.List;

/**
 * A text tokenized once: one window, or several overlapping ones for text longer than the model's
 * max sequence length.
 *
 * @param text the original text
 * @param windows the windows in text order (at least one)
 */
public record EncodedText(String text, List<TokenWindow> windows) {
  public EncodedText {
    windows = List.copyOf(windows);
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("an encoded text needs at least one window, found none");
    }
  }

  /** Total tokens over all windows, the unit of the processor's token cap. */
  public int tokenCount() {
    int n = 0;
    for (TokenWindow w : windows) {
      n += w.length();
    }
    return n;
  }
}
