package io.streambert.trainer.data;

import java.util.List;

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

  /** Number of examples. */
  public int size() {
    return examples.size();
  }
}
