package io.streambert.trainer.train;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Entity spans of a tag sequence, conlleval style: a span starts at {@code B-X}, or at {@code I-X}
 * after {@code O} or another type, and ends where the next tag does not continue it. Works for BIO
 * and IOB1 tags.
 */
final class SpanSet {

  private SpanSet() {}

  /** Spans as {@code "sentence:start:end:TYPE"} strings (end inclusive). */
  static Set<String> of(int sentence, List<String> tags) {
    Set<String> spans = new HashSet<>();
    int start = -1;
    String type = null;
    for (int i = 0; i <= tags.size(); i++) {
      String tag = i < tags.size() ? tags.get(i) : "O";
      boolean outside = tag.equals("O") || tag.length() < 3 || tag.charAt(1) != '-';
      String prefix = outside ? "O" : tag.substring(0, 1);
      String tagType = outside ? null : tag.substring(2);
      boolean continues = type != null && prefix.equals("I") && tagType.equals(type);
      if (type != null && !continues) {
        spans.add(sentence + ":" + start + ":" + (i - 1) + ":" + type);
        type = null;
      }
      if (!outside && type == null) {
        start = i;
        type = tagType;
      }
    }
    return spans;
  }

  /** The type part of a span string. */
  static String type(String span) {
    return span.substring(span.lastIndexOf(':') + 1);
  }
}
