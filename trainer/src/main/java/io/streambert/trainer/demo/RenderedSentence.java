package io.streambert.trainer.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rendered template: its text, and the text cut into words with a BIO tag per word from the
 * entity spans the template's slots filled.
 */
public record RenderedSentence(String text, List<String> words, List<String> tags) {

  /** An entity's character span in the text and its type. */
  public record Span(int start, int end, String type) {}

  /** Words as CoNLL cuts them: a possessive 's and each punctuation mark stand alone. */
  private static final Pattern WORD =
      Pattern.compile("'s\\b|[\\p{L}\\p{N}]+(?:[-.'][\\p{L}\\p{N}]+)*|\\S");

  /** Cuts {@code text} into words and tags each by the span it falls in. */
  static RenderedSentence of(String text, List<Span> spans) {
    List<String> words = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    Span previous = null;
    while (m.find()) {
      words.add(m.group());
      Span span = spanOf(spans, m.start(), m.end());
      if (span == null) {
        tags.add("O");
      } else {
        tags.add((span == previous ? "I-" : "B-") + span.type());
      }
      previous = span;
    }
    return new RenderedSentence(text, List.copyOf(words), List.copyOf(tags));
  }

  /** The same sentence in capitals, as a news headline or a results line prints it. */
  RenderedSentence upperCase() {
    return new RenderedSentence(
        text.toUpperCase(java.util.Locale.ROOT),
        words.stream().map(w -> w.toUpperCase(java.util.Locale.ROOT)).toList(),
        tags);
  }

  private static Span spanOf(List<Span> spans, int start, int end) {
    for (Span s : spans) {
      if (start >= s.start() && end <= s.end()) {
        return s;
      }
    }
    return null;
  }
}
