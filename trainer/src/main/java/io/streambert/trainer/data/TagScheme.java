package io.streambert.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How entity tags are written in a file; readers convert both to BIO.
 *
 * <p>In BIO (IOB2) every entity starts with {@code B-}. In IOB1 an entity starts with {@code I-}
 * and {@code B-} only separates two adjacent entities of the same type. The conversion rewrites an
 * {@code I-X} that does not continue an entity of type X into {@code B-X}; in BIO input such a tag
 * is a slip that the CoNLL evaluation reads the same way, so it is rewritten (and counted) too.
 */
public enum TagScheme {
  /** BIO / IOB2: entities start with {@code B-}. */
  BIO,
  /** IOB1: entities start with {@code I-}; {@code B-} only between adjacent same-type entities. */
  IOB1;

  /** The outside tag. */
  public static final String OUTSIDE = "O";

  private static final Pattern ENTITY_TAG = Pattern.compile("[BI]-\\S+");

  /** Why {@code tag} is not a BIO tag ("O", "B-TYPE" or "I-TYPE"), or empty if it is one. */
  public static Optional<String> problem(String tag) {
    if (tag.equals(OUTSIDE) || ENTITY_TAG.matcher(tag).matches()) {
      return Optional.empty();
    }
    return Optional.of("expected a tag \"O\", \"B-<TYPE>\" or \"I-<TYPE>\", found \"" + tag + "\"");
  }

  /** The entity type of a {@code B-}/{@code I-} tag. */
  public static String type(String tag) {
    return tag.substring(2);
  }

  /**
   * Rewrites valid tags to BIO.
   *
   * @param tags tags that passed {@link #problem(String)}
   * @return the BIO tags and how many were rewritten
   */
  public Conversion toBio(List<String> tags) {
    List<String> out = new ArrayList<>(tags.size());
    int rewritten = 0;
    String previous = OUTSIDE;
    for (String tag : tags) {
      String bio = tag;
      if (tag.startsWith("I-")) {
        boolean continues = !previous.equals(OUTSIDE) && type(previous).equals(type(tag));
        if (!continues) {
          bio = "B-" + type(tag);
          rewritten++;
        }
      }
      out.add(bio);
      previous = bio;
    }
    return new Conversion(List.copyOf(out), rewritten);
  }

  /**
   * Tags in BIO and the number rewritten.
   *
   * @param tags the BIO tags
   * @param rewritten how many input tags were changed
   */
  public record Conversion(List<String> tags, int rewritten) {}
}
