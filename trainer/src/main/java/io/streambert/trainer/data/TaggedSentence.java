package io.streambert.trainer.data;

import java.util.List;

/**
 * Words with one tag each (BIO after reading).
 *
 * @param tokens the words, none blank
 * @param tags one tag per word
 */
public record TaggedSentence(List<String> tokens, List<String> tags) {
  public TaggedSentence {
    tokens = List.copyOf(tokens);
    tags = List.copyOf(tags);
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("expected at least one token, found none");
    }
    if (tokens.size() != tags.size()) {
      throw new IllegalArgumentException(
          "expected one tag per token, found "
              + tokens.size()
              + " tokens and "
              + tags.size()
              + " tags");
    }
  }

  /** Number of words. */
  public int size() {
    return tokens.size();
  }
}
