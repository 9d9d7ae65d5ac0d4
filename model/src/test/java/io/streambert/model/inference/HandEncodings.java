package io.streambert.model.inference;

import io.streambert.model.bundle.BundleManifest;
import io.streambert.model.bundle.TaskKind;
import io.streambert.model.bundle.TaskSpec;
import io.streambert.model.encoding.EncodedText;
import io.streambert.model.encoding.TokenWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link TokenWindow} windows by hand for engine tests: the caller chooses the token ids of
 * every whitespace-separated word, windows overlap by {@code stride} tokens and each window owns
 * the tokens up to the middle of its overlap with the next.
 */
final class HandEncodings {
  static final long CLS = 1;
  static final long SEP = 2;
  static final long PAD = 0;
  static final List<String> LABELS = List.of("negative", "positive");
  static final List<String> TAGS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");

  private HandEncodings() {}

  static BundleManifest manifest(boolean sentiment, boolean entities) {
    Map<String, TaskSpec> tasks = new java.util.LinkedHashMap<>();
    if (sentiment) {
      tasks.put(
          BundleManifest.SENTIMENT,
          new TaskSpec(TaskKind.SENTENCE_CLASSIFICATION, LABELS, "sentiment_logits"));
    }
    if (entities) {
      tasks.put(
          BundleManifest.ENTITIES,
          new TaskSpec(TaskKind.TOKEN_CLASSIFICATION, TAGS, "entity_logits"));
    }
    return new BundleManifest(
        BundleManifest.FORMAT_VERSION,
        "tiny-1",
        "tiny",
        tasks,
        128,
        8,
        true,
        BundleManifest.OnnxInputs.bert(),
        null,
        null,
        null,
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Encodes {@code text} with the given ids per whitespace word.
   *
   * @param maxLength window length, [CLS] and [SEP] included
   * @param stride tokens of overlap between windows
   */
  static EncodedText encode(String text, long[][] idsPerWord, int maxLength, int stride) {
    String[] words = text.strip().split("\\s+");
    if (words.length != idsPerWord.length) {
      throw new IllegalArgumentException(words.length + " words but " + idsPerWord.length);
    }
    List<long[]> tokens = new ArrayList<>(); // {id, start, end, word}
    int cursor = 0;
    for (int w = 0; w < words.length; w++) {
      int start = text.indexOf(words[w], cursor);
      int end = start + words[w].length();
      cursor = end;
      long[] ids = idsPerWord[w];
      for (int k = 0; k < ids.length; k++) {
        int s = start + (words[w].length() * k) / ids.length;
        int e = k == ids.length - 1 ? end : start + (words[w].length() * (k + 1)) / ids.length;
        tokens.add(new long[] {ids[k], s, e, w});
      }
    }
    int capacity = maxLength - 2;
    int step = capacity - stride;
    List<int[]> ranges = new ArrayList<>();
    for (int s = 0; ; s += step) {
      int e = Math.min(s + capacity, tokens.size());
      ranges.add(new int[] {s, e});
      if (e == tokens.size()) {
        break;
      }
    }
    List<TokenWindow> windows = new ArrayList<>();
    int ownStart = 0;
    for (int i = 0; i < ranges.size(); i++) {
      int s = ranges.get(i)[0];
      int e = ranges.get(i)[1];
      int ownEnd = i + 1 < ranges.size() ? (ranges.get(i + 1)[0] + e) / 2 : e;
      windows.add(window(tokens, s, e, ownStart, ownEnd));
      ownStart = ownEnd;
    }
    return new EncodedText(text, windows);
  }

  private static TokenWindow window(List<long[]> tokens, int s, int e, int ownStart, int ownEnd) {
    int n = e - s + 2;
    long[] ids = new long[n];
    long[] types = new long[n];
    int[] starts = new int[n];
    int[] ends = new int[n];
    int[] wordIds = new int[n];
    ids[0] = CLS;
    ids[n - 1] = SEP;
    starts[0] = ends[0] = starts[n - 1] = ends[n - 1] = -1;
    wordIds[0] = wordIds[n - 1] = -1;
    for (int t = s; t < e; t++) {
      long[] tok = tokens.get(t);
      ids[t - s + 1] = tok[0];
      starts[t - s + 1] = (int) tok[1];
      ends[t - s + 1] = (int) tok[2];
      wordIds[t - s + 1] = (int) tok[3];
    }
    int firstWord = Integer.MAX_VALUE;
    for (int t = s; t < e; t++) {
      boolean first = t == 0 || tokens.get(t - 1)[3] != tokens.get(t)[3];
      if (first) {
        firstWord = (int) tokens.get(t)[3];
        break;
      }
    }
    return new TokenWindow(
        ids, types, starts, ends, wordIds, firstWord, ownStart - s + 1, ownEnd - s + 1);
  }
}
