package io.streambert.model.encoding;

/**
 * The capitalization of one token in the original text, the cue an uncased tokenizer loses.
 *
 * <p>Only letters that have case count: digits, punctuation, emoji and caseless scripts (CJK,
 * Arabic, Devanagari...) are ignored, so {@code 東京Tower} is {@link #TITLE} and {@code 東京} is {@link
 * #NONE}. Titlecase letters (Dž) count as upper case. Special tokens and padding are {@link #NONE}.
 * The {@link #id()} is what a case-aware bundle's {@code case_ids} input carries.
 */
public enum CaseClass {
  /** No letter with case: special tokens, padding, digits, punctuation, emoji, caseless scripts. */
  NONE,
  /** Every cased letter lower case: {@code rose}, {@code ##ington}. */
  LOWER,
  /** The first cased letter upper case, the others (at least one) lower: {@code Rose}. */
  TITLE,
  /** Every cased letter upper case: {@code NASA}, {@code U}, {@code G7}. */
  UPPER,
  /** Anything else: {@code iPhone}, {@code McDONALD}, {@code eBay}. */
  MIXED;

  /** Number of classes: the rows of a case-embedding table. */
  public static final int COUNT = values().length;

  /** The id fed to the model (the row of the case-embedding table). */
  public long id() {
    return ordinal();
  }

  /**
   * The class of {@code text[start, end)}; {@link #NONE} for an empty or negative range.
   *
   * @param text the original text
   * @param start char offset (inclusive)
   * @param end char offset (exclusive)
   */
  public static CaseClass of(CharSequence text, int start, int end) {
    int upper = 0;
    int lower = 0;
    boolean firstUpper = false;
    boolean upperAfterFirst = false;
    int i = Math.max(0, start);
    int stop = Math.min(end, text.length());
    while (i < stop) {
      int cp = Character.codePointAt(text, i);
      i += Character.charCount(cp);
      boolean isUpper = Character.isUpperCase(cp) || Character.isTitleCase(cp);
      boolean isLower = !isUpper && Character.isLowerCase(cp);
      if (!isUpper && !isLower) {
        continue;
      }
      if (upper + lower == 0) {
        firstUpper = isUpper;
      } else if (isUpper) {
        upperAfterFirst = true;
      }
      upper += isUpper ? 1 : 0;
      lower += isLower ? 1 : 0;
    }
    if (upper + lower == 0) {
      return NONE;
    }
    if (upper == 0) {
      return LOWER;
    }
    if (lower == 0) {
      return UPPER;
    }
    return firstUpper && !upperAfterFirst ? TITLE : MIXED;
  }
}
