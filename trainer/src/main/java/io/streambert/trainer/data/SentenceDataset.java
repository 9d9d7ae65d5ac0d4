package io.streambert.trainer.data;

import java.util.List;
import java.util.Map;

/**
 * Sentence-labelled examples with their label set.
 *
 * @param examples the examples, in file order
 * @param labels the label set, index = class id (sorted when read from the data; numerically when
 *     every label is an integer)
 * @param report what the read saw
 */
public record SentenceDataset(
    List<SentenceExample> examples, List<String> labels, ReadReport report) {
  public SentenceDataset {
    examples = List.copyOf(examples);
    labels = List.copyOf(labels);
  }

  /** Class id of a label. */
  public int labelId(String label) {
    int id = labels.indexOf(label);
    if (id < 0) {
      throw new IllegalArgumentException("unknown label " + label + ", expected one of " + labels);
    }
    return id;
  }

  /**
   * The same examples with labels renamed, e.g. {@code 0=negative, 1=positive} for SST-2; the label
   * order (class ids) stays the same.
   *
   * @param names old label to new label; every label of the set must be named, new names distinct
   */
  public SentenceDataset withLabelNames(Map<String, String> names) {
    if (!names.keySet().containsAll(labels)) {
      throw new IllegalArgumentException(
          "expected a name for every label " + labels + ", found names for " + names.keySet());
    }
    List<String> renamed = labels.stream().map(names::get).toList();
    if (renamed.stream().distinct().count() != renamed.size() || renamed.contains("")) {
      throw new IllegalArgumentException(
          "expected distinct non-empty label names, found " + renamed);
    }
    List<SentenceExample> out =
        examples.stream().map(e -> new SentenceExample(e.text(), names.get(e.label()))).toList();
    return new SentenceDataset(out, renamed, report);
  }

  /** Number of examples. */
  public int size() {
    return examples.size();
  }
}
