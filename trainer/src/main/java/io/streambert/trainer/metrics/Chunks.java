package io.streambert.trainer.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Extracts entity spans from tags the way conlleval and seqeval's default mode do.
 *
 * <p>A span starts at {@code B-X}, at {@code I-X} that does not continue a span of type X (an
 * {@code I-} without {@code B-} starts an entity), and at {@code S-X}; it ends before {@code O},
 * before a {@code B-}, or where the type changes; {@code E-}/{@code S-} close it. Tags without a
 * prefix other than "O" are rejected.
 */
public final class Chunks {
  private Chunks() {}

  /** The spans in one tag sequence, in order. */
  public static List<Chunk> extract(List<String> tags) {
    List<Chunk> chunks = new ArrayList<>();
    char prevPrefix = 'O';
    String prevType = "";
    int start = -1;
    for (int i = 0; i <= tags.size(); i++) {
      String tag = i < tags.size() ? tags.get(i) : "O";
      char prefix = prefix(tag, i);
      String type = prefix == 'O' ? "" : tag.substring(2);
      if (start >= 0 && endsChunk(prevPrefix, prefix, prevType, type)) {
        chunks.add(new Chunk(prevType, start, i));
        start = -1;
      }
      if (startsChunk(prevPrefix, prefix, prevType, type)) {
        start = i;
      }
      prevPrefix = prefix;
      prevType = type;
    }
    return chunks;
  }

  private static char prefix(String tag, int position) {
    if (tag.equals("O")) {
      return 'O';
    }
    if (tag.length() > 2 && tag.charAt(1) == '-' && "BIES".indexOf(tag.charAt(0)) >= 0) {
      return tag.charAt(0);
    }
    throw new IllegalArgumentException(
        "expected a tag O or B-/I-/E-/S-<TYPE> at position "
            + position
            + ", found \""
            + tag
            + "\"");
  }

  private static boolean endsChunk(char prev, char tag, String prevType, String type) {
    if (prev == 'E' || prev == 'S') {
      return true;
    }
    if ((prev == 'B' || prev == 'I') && (tag == 'B' || tag == 'S' || tag == 'O')) {
      return true;
    }
    return prev != 'O' && !prevType.equals(type);
  }

  private static boolean startsChunk(char prev, char tag, String prevType, String type) {
    if (tag == 'B' || tag == 'S') {
      return true;
    }
    if ((prev == 'E' || prev == 'S' || prev == 'O') && (tag == 'E' || tag == 'I')) {
      return true;
    }
    return tag != 'O' && !prevType.equals(type);
  }
}
