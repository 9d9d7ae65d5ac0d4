package io.streambert.model.encoding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Encodes text for a BERT model with the model's own {@code tokenizer.json}: {@code [CLS] text
 * [SEP]}, char offsets into the original text and whitespace-word ids, split into overlapping
 * windows when the text is longer than the max sequence length.
 *
 * <p>A word is a maximal run of non-whitespace characters, in serving and in training alike, so
 * that labels aligned to words during training mean the same thing when decoded. Thread-safe; the
 * native tokenizer is closed once by {@link #close()}.
 */
public final class TextEncoder implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final int maxSequenceLength;
  private final int windowStride;
  private final long clsId;
  private final long sepId;
  private final long padId;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TextEncoder(HuggingFaceTokenizer tokenizer, int maxSequenceLength, int windowStride) {
    this.tokenizer = tokenizer;
    this.maxSequenceLength = maxSequenceLength;
    this.windowStride = windowStride;
    long[] framed = tokenizer.encode("a", true, false).getIds();
    this.clsId = framed[0];
    this.sepId = framed[framed.length - 1];
    this.padId = singleTokenId(tokenizer, "[PAD]", 0L);
  }

  /**
   * Opens a tokenizer definition, fully offline.
   *
   * @param tokenizerJson a Hugging Face {@code tokenizer.json}
   * @param maxSequenceLength the longest window, special tokens included (at least 8)
   * @param windowStride tokens shared by consecutive windows of a long text (at least 2, less than
   *     half the window)
   */
  public static TextEncoder open(Path tokenizerJson, int maxSequenceLength, int windowStride)
      throws IOException {
    if (maxSequenceLength < 8) {
      throw new IllegalArgumentException(
          "expected maxSequenceLength >= 8, found " + maxSequenceLength);
    }
    int content = maxSequenceLength - 2;
    if (windowStride < 2 || windowStride * 2 > content) {
      throw new IllegalArgumentException(
          "expected 2 <= windowStride <= "
              + content / 2
              + " for maxSequenceLength "
              + maxSequenceLength
              + ", found "
              + windowStride);
    }
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new IOException("expected a tokenizer.json file at " + tokenizerJson + ", found none");
    }
    NativeCache.configureOffline();
    HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(tokenizerJson)
            .optAddSpecialTokens(false)
            .optTruncation(false)
            .optPadding(false)
            .optWithOverflowingTokens(false)
            .build();
    return new TextEncoder(tokenizer, maxSequenceLength, windowStride);
  }

  /** The longest window, special tokens included. */
  public int maxSequenceLength() {
    return maxSequenceLength;
  }

  /** Tokens shared by consecutive windows. */
  public int windowStride() {
    return windowStride;
  }

  /** Id of the padding token. */
  public long padId() {
    return padId;
  }

  /** Id of {@code [CLS]}. */
  public long clsId() {
    return clsId;
  }

  /** Id of {@code [SEP]}. */
  public long sepId() {
    return sepId;
  }

  /**
   * Encodes one text.
   *
   * @throws InvalidTextException for null, empty, whitespace-only or control-only text
   */
  public EncodedText encode(String text) throws InvalidTextException {
    if (text == null) {
      throw new InvalidTextException("expected text, found null");
    }
    if (text.isEmpty()) {
      throw new InvalidTextException("expected non-empty text, found an empty string");
    }
    if (text.isBlank()) {
      throw new InvalidTextException(
          "expected text with words, found only whitespace (" + text.length() + " chars)");
    }
    WordSpans words = WordSpans.of(text);
    ai.djl.huggingface.tokenizers.Encoding raw = encodeRaw(text);
    long[] ids = raw.getIds();
    if (ids.length == 0) {
      throw new InvalidTextException(
          "expected text with words, found no tokens in "
              + text.length()
              + " chars (only control or unknown characters?)");
    }
    CharSpan[] spans = raw.getCharTokenSpans();
    int[] utf16 = codePointToCharIndex(text);
    int[] starts = new int[ids.length];
    int[] ends = new int[ids.length];
    int[] wordIds = new int[ids.length];
    long[] cases = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      starts[i] = toChar(utf16, spans[i].getStart());
      ends[i] = toChar(utf16, spans[i].getEnd());
      wordIds[i] = words.wordAt(starts[i]);
      // The tokenizer lower-cases; the original text still has the case.
      cases[i] = CaseClass.of(text, starts[i], ends[i]).id();
    }
    return new EncodedText(text, window(new Tokens(ids, starts, ends, wordIds, cases)));
  }

  /**
   * Encodes pre-split words (CoNLL tokens) joined by single spaces; word {@code i} gets word id
   * {@code i}.
   *
   * @throws InvalidTextException when the list is empty or a word is blank or holds whitespace
   */
  public EncodedText encodeWords(List<String> words) throws InvalidTextException {
    if (words == null || words.isEmpty()) {
      throw new InvalidTextException("expected at least one word, found none");
    }
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w == null || w.isBlank() || w.codePoints().anyMatch(Character::isWhitespace)) {
        throw new InvalidTextException(
            "expected word " + i + " to be non-empty without whitespace, found '" + w + "'");
      }
    }
    return encode(String.join(" ", words));
  }

  private ai.djl.huggingface.tokenizers.Encoding encodeRaw(String text) {
    if (closed.get()) {
      throw new IllegalStateException("this TextEncoder is closed");
    }
    return tokenizer.encode(text, false, false);
  }

  /** Every token of a text, before windowing: parallel arrays. */
  private record Tokens(long[] ids, int[] starts, int[] ends, int[] wordIds, long[] cases) {}

  /** Cuts the token sequence into windows of at most {@code maxSequenceLength} with overlaps. */
  private List<TokenWindow> window(Tokens tokens) {
    int n = tokens.ids().length;
    int content = maxSequenceLength - 2;
    List<int[]> ranges = new ArrayList<>();
    if (n <= content) {
      ranges.add(new int[] {0, n});
    } else {
      int step = content - windowStride;
      for (int s = 0; ; s += step) {
        int e = Math.min(s + content, n);
        ranges.add(new int[] {e - content, e});
        if (e == n) {
          break;
        }
      }
    }
    List<TokenWindow> windows = new ArrayList<>(ranges.size());
    for (int k = 0; k < ranges.size(); k++) {
      int s = ranges.get(k)[0];
      int e = ranges.get(k)[1];
      int ownedStart = k == 0 ? s : (s + ranges.get(k - 1)[1]) / 2;
      int ownedEnd = k == ranges.size() - 1 ? e : (ranges.get(k + 1)[0] + e) / 2;
      windows.add(frame(tokens, s, e, ownedStart, ownedEnd));
    }
    return windows;
  }

  private TokenWindow frame(Tokens tokens, int from, int to, int ownedFrom, int ownedTo) {
    int len = to - from + 2;
    long[] wIds = new long[len];
    long[] types = new long[len];
    int[] wStarts = new int[len];
    int[] wEnds = new int[len];
    int[] wWords = new int[len];
    long[] wCases = new long[len];
    wIds[0] = clsId;
    wIds[len - 1] = sepId;
    wStarts[0] = wEnds[0] = wWords[0] = -1;
    wStarts[len - 1] = wEnds[len - 1] = wWords[len - 1] = -1;
    System.arraycopy(tokens.ids(), from, wIds, 1, to - from);
    System.arraycopy(tokens.starts(), from, wStarts, 1, to - from);
    System.arraycopy(tokens.ends(), from, wEnds, 1, to - from);
    System.arraycopy(tokens.wordIds(), from, wWords, 1, to - from);
    System.arraycopy(tokens.cases(), from, wCases, 1, to - from);
    return new TokenWindow(
        wIds,
        types,
        wStarts,
        wEnds,
        wWords,
        tokens.wordIds()[from],
        ownedFrom - from + 1,
        ownedTo - from + 1,
        wCases);
  }

  /**
   * The native tokenizer reports offsets in code points; Java strings index UTF-16 units, which
   * differ after any character outside the Basic Multilingual Plane (emoji). Null when equal.
   */
  private static int[] codePointToCharIndex(String text) {
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints == text.length()) {
      return null;
    }
    int[] map = new int[codePoints + 1];
    int c = 0;
    for (int cp = 0; cp < codePoints; cp++) {
      map[cp] = c;
      c += Character.charCount(text.codePointAt(c));
    }
    map[codePoints] = c;
    return map;
  }

  private static int toChar(int[] map, int codePointOffset) {
    return map == null ? codePointOffset : map[codePointOffset];
  }

  private static long singleTokenId(HuggingFaceTokenizer tokenizer, String token, long fallback) {
    long[] ids = tokenizer.encode(token, false, false).getIds();
    return ids.length == 1 ? ids[0] : fallback;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      tokenizer.close();
    }
  }
}
