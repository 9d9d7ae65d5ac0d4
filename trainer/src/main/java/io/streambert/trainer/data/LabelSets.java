package io.streambert.trainer.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Orders label sets read from data, so the same data always gives the same class ids. */
public final class LabelSets {
  private LabelSets() {}

  /**
   * Sentence labels in sorted order: numerically when every label is an integer ("2" before "10"),
   * otherwise by their strings.
   */
  public static List<String> sentenceLabels(Collection<String> labels) {
    boolean numeric = labels.stream().allMatch(LabelSets::isInteger);
    Comparator<String> order =
        numeric
            ? Comparator.comparing((String s) -> new java.math.BigInteger(s))
                .thenComparing(Comparator.naturalOrder())
            : Comparator.naturalOrder();
    TreeSet<String> sorted = new TreeSet<>(order);
    sorted.addAll(labels);
    return List.copyOf(sorted);
  }

  /**
   * A BIO tag set: "O" first, then {@code B-TYPE}, {@code I-TYPE} for each entity type in sorted
   * order; both tags of a type are present even if the data uses only one.
   */
  public static List<String> bioTags(Collection<String> tags) {
    TreeSet<String> types = new TreeSet<>();
    for (String tag : tags) {
      if (!tag.equals(TagScheme.OUTSIDE)) {
        types.add(TagScheme.type(tag));
      }
    }
    List<String> out = new ArrayList<>(1 + 2 * types.size());
    out.add(TagScheme.OUTSIDE);
    for (String type : types) {
      out.add("B-" + type);
      out.add("I-" + type);
    }
    return List.copyOf(out);
  }

  private static boolean isInteger(String s) {
    return s.matches("-?\\d+");
  }
}
