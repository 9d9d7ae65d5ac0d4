package io.streambert.model.encoding;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Texts of the processor's default {@code text.max.bytes} (100,000 UTF-8 bytes) built to make the
 * native tokenizer work hardest: the most tokens and windows, the longest single word, long
 * combining sequences, characters outside the Basic Multilingual Plane, mixed scripts with
 * zero-width and bidirectional marks.
 */
final class WorstCaseTexts {

  /** The default {@code text.max.bytes} of the processor. */
  static final int MAX_BYTES = 100_000;

  private WorstCaseTexts() {}

  /** Each worst case by name, in a fixed order. */
  static Map<String, String> all() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("punctuation", fill("!"));
    texts.put("short-words", fill("ab "));
    texts.put("one-word", fill("a"));
    texts.put("cjk", fill("\u4e2d"));
    texts.put("combining", "a" + fill("\u0301").substring(1));
    texts.put("emoji", fill("\ud83d\ude00"));
    texts.put(
        "mixed-scripts",
        fill(
            "Z\u00fcrich \u0645\u0631\u062d\u0628\u0627 \u4e2d\u6587 \u200b\u202e x\u0301 \ud83d\ude00 "));
    return texts;
  }

  /** {@code unit} repeated while the text stays within {@link #MAX_BYTES} UTF-8 bytes. */
  private static String fill(String unit) {
    int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
    return unit.repeat(MAX_BYTES / unitBytes);
  }
}
