package io.streambert.trainer.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Gold entity type against predicted entity type for spans with the same boundaries.
 *
 * <p>A gold span whose exact boundaries were predicted lands in the cell (gold type, predicted
 * type): the diagonal holds the correct entities, the rest are type confusions. A gold span with no
 * prediction of the same boundaries lands in the column {@link #NONE} (missed); a predicted span
 * with no gold span of the same boundaries in the row {@link #NONE} (spurious, including wrong
 * boundaries).
 */
public final class ConfusionTable {
  /** Row/column name for "no entity with these boundaries". */
  public static final String NONE = "none";

  private final List<String> types;
  private final long[][] counts;

  /** An empty table over the given entity types (plus {@link #NONE}). */
  ConfusionTable(List<String> types) {
    this.types = new ArrayList<>(types);
    this.types.add(NONE);
    this.counts = new long[this.types.size()][this.types.size()];
  }

  void add(String gold, String predicted) {
    counts[index(gold)][index(predicted)]++;
  }

  /** Row and column names: the entity types then {@link #NONE}. */
  public List<String> labels() {
    return List.copyOf(types);
  }

  /** Spans of gold type {@code gold} predicted as {@code predicted} (either may be NONE). */
  public long count(String gold, String predicted) {
    return counts[index(gold)][index(predicted)];
  }

  private int index(String type) {
    int i = types.indexOf(type);
    if (i < 0) {
      throw new IllegalArgumentException(
          "unknown entity type " + type + ", expected one of " + types);
    }
    return i;
  }

  /** The table as aligned text, rows = gold, columns = predicted. */
  public String toText() {
    int width = 6;
    for (String t : types) {
      width = Math.max(width, t.length() + 1);
    }
    for (long[] row : counts) {
      for (long c : row) {
        width = Math.max(width, Long.toString(c).length() + 1);
      }
    }
    String cell = "%" + width + "s";
    StringBuilder s = new StringBuilder();
    s.append(String.format(cell, "gold\\pred"));
    for (String t : types) {
      s.append(String.format(" " + cell, t));
    }
    s.append(System.lineSeparator());
    for (int g = 0; g < types.size(); g++) {
      s.append(String.format(cell, types.get(g)));
      for (int p = 0; p < types.size(); p++) {
        s.append(String.format(" " + cell, g == types.size() - 1 && p == g ? "-" : counts[g][p]));
      }
      s.append(System.lineSeparator());
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return toText();
  }
}
