package io.streambert.model.encoding;

import java.util.Arrays;

/** The whitespace-separated words of a text, as char ranges. */
final class WordSpans {

  private final int[] starts;
  private final int[] ends;

  private WordSpans(int[] starts, int[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  static WordSpans of(String text) {
    int[] s = new int[8];
    int[] e = new int[8];
    int n = 0;
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && Character.isWhitespace(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      if (i >= text.length()) {
        break;
      }
      int start = i;
      while (i < text.length() && !Character.isWhitespace(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      if (n == s.length) {
        s = Arrays.copyOf(s, n * 2);
        e = Arrays.copyOf(e, n * 2);
      }
      s[n] = start;
      e[n] = i;
      n++;
    }
    return new WordSpans(Arrays.copyOf(s, n), Arrays.copyOf(e, n));
  }

  int size() {
    return starts.length;
  }

  /** Index of the word containing {@code charOffset}, or the nearest word before it. */
  int wordAt(int charOffset) {
    int idx = Arrays.binarySearch(starts, charOffset);
    if (idx >= 0) {
      return idx;
    }
    int before = -idx - 2;
    return Math.max(before, 0);
  }
}
