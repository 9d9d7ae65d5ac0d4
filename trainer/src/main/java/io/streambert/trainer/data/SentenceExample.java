package io.streambert.trainer.data;

import java.util.Objects;

/**
 * A text with its sentence-level label.
 *
 * @param text the text, never blank
 * @param label the label, as written in the data
 */
public record SentenceExample(String text, String label) {
  public SentenceExample {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
    if (text.isBlank()) {
      throw new IllegalArgumentException("expected a non-blank text, found \"" + text + "\"");
    }
  }
}
