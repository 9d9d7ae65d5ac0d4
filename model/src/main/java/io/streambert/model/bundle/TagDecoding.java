package io.streambert.model.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a token task's per-word tag scores become one tag per word; recorded per bundle in the
 * manifest so that serving decodes the way training evaluated.
 */
public enum TagDecoding {
  /** The most probable tag of each word, independently (what bundles without the field use). */
  GREEDY("greedy"),

  /**
   * The most probable BIO-valid tag sequence (Viterbi over the word log-probabilities): no {@code
   * I-X} at the start, after {@code O} or after a tag of another type. Needs BIO tags.
   */
  BIO_VITERBI("bio-viterbi");

  private final String manifestName;

  TagDecoding(String manifestName) {
    this.manifestName = manifestName;
  }

  /** The name written in {@code manifest.json} and accepted on command lines. */
  @JsonValue
  public String manifestName() {
    return manifestName;
  }

  /**
   * Parses a manifest or command-line name ({@code greedy}, {@code bio-viterbi}; case and {@code _}
   * for {@code -} are forgiven).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  @JsonCreator
  public static TagDecoding parse(String name) {
    String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (TagDecoding d : values()) {
      if (d.manifestName.equals(normalized)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "expected a tag decoding among "
            + Arrays.stream(values()).map(TagDecoding::manifestName).toList()
            + ", found '"
            + name
            + "'");
  }

  /** The decoding new bundles get for these tags: BIO Viterbi for a BIO list, else greedy. */
  public static TagDecoding defaultFor(List<String> tags) {
    return isBio(tags) ? BIO_VITERBI : GREEDY;
  }

  /** Whether this decoding can decode a task with these tags (Viterbi needs a BIO list). */
  public boolean accepts(List<String> tags) {
    return this == GREEDY || isBio(tags);
  }

  /**
   * Whether the tags are a BIO list: {@code O} and otherwise only {@code B-X} or {@code I-X} (with
   * a non-empty type X).
   */
  public static boolean isBio(List<String> tags) {
    return tags.contains("O")
        && tags.stream()
            .allMatch(
                t ->
                    t.equals("O")
                        || (t.length() > 2
                            && t.charAt(1) == '-'
                            && (t.charAt(0) == 'B' || t.charAt(0) == 'I')));
  }

  @Override
  public String toString() {
    return manifestName;
  }
}
